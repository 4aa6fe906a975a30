import { describe, it, expect } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { InputError } from '../../src/common/diagnostics.js'
import { locatePolicyWasm, policyWasmCandidates, runningCodeDirs, WASM_ENV } from '../../src/planPolicy/wasmLocate.js'

/** A checkout-like tree: dist/policy/plan.wasm, dist/index.js, dist/cli/index.js, src/planPolicy/. */
function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-accounts-locate-'))
  for (const dir of ['dist/policy', 'dist/cli', 'src/planPolicy']) mkdirSync(path.join(root, dir), { recursive: true })
  writeFileSync(path.join(root, 'dist/policy/plan.wasm'), '\0asm')
  return root
}

describe('locatePolicyWasm', () => {
  it('finds dist/policy/plan.wasm from the CLI bundle, the action bundle and the sources', () => {
    const root = tree()
    const expected = path.join(root, 'dist/policy/plan.wasm')
    for (const codeDir of ['dist/cli', 'dist', 'src/planPolicy']) {
      expect(locatePolicyWasm({}, [path.join(root, codeDir)])).toBe(expected)
    }
  })

  it('prefers STACK_ACCOUNTS_WASM', () => {
    const root = tree()
    const other = path.join(root, 'other.wasm')
    writeFileSync(other, '\0asm')
    expect(locatePolicyWasm({ [WASM_ENV]: other }, [path.join(root, 'dist/cli')])).toBe(other)
  })

  it('is an input error naming the places tried when the file is nowhere, or the override is missing', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'stack-accounts-locate-'))
    expect(() => locatePolicyWasm({}, [empty])).toThrow(InputError)
    expect(() => locatePolicyWasm({}, [empty])).toThrow(path.resolve(empty, '../policy/plan.wasm'))
    expect(() => locatePolicyWasm({ [WASM_ENV]: path.join(empty, 'nope.wasm') }, [empty])).toThrow(`${WASM_ENV}=`)
  })

  it('looks next to this module and next to the entry script, without duplicates', () => {
    const dirs = runningCodeDirs(pathToFileURL('/opt/x/dist/cli/index.js').href, '/opt/x/dist/cli/index.js')
    expect(dirs).toEqual(['/opt/x/dist/cli', '/opt/x/dist/cli'])
    expect(policyWasmCandidates(dirs)).toEqual(['/opt/x/dist/policy/plan.wasm', '/opt/x/dist/cli/policy/plan.wasm'])
    expect(policyWasmCandidates(['/repo/src/planPolicy'])).toContain('/repo/dist/policy/plan.wasm')
  })
})
