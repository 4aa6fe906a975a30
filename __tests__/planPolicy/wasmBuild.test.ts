import { describe, it, expect, beforeAll } from '@jest/globals'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PLAN_POLICY_ENTRYPOINTS, PlanPolicyWasm } from '../../src/planPolicy/wasmPolicy.js'
import { buildPolicyWasm, REPO } from './planSupport.js'

/** What opa-wasm's JavaScript host implements (src/builtins of the installed package). */
function hostBuiltins(): string[] {
  const require = createRequire(import.meta.url)
  const packageMain = require.resolve('@open-policy-agent/opa-wasm')
  const builtins = require(path.join(path.dirname(packageMain), 'builtins/index.js')) as Record<string, unknown>
  return Object.keys(builtins).filter((name) => typeof builtins[name] === 'function')
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('scripts/build-wasm.sh', () => {
  let wasm: string
  beforeAll(() => {
    wasm = buildPolicyWasm()
  })

  it('builds the same bytes every time', () => {
    const again = buildPolicyWasm()
    expect(sha256(again)).toBe(sha256(wasm))
    expect(readFileSync(wasm).subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]))
  })

  it('exports the deny, warn and sample entrypoints', async () => {
    const policy = await PlanPolicyWasm.fromFile(wasm)
    expect(policy.entrypoints()).toEqual([...PLAN_POLICY_ENTRYPOINTS].sort())
  })

  it('needs from its host only built-ins that opa-wasm implements in JavaScript', async () => {
    const policy = await PlanPolicyWasm.fromFile(wasm)
    const required = policy.requiredHostBuiltins()
    const provided = new Set(hostBuiltins())
    expect(provided.size).toBeGreaterThan(0)
    expect(required.filter((name) => !provided.has(name))).toEqual([])
  })

  it('refuses a policy that uses a built-in the WebAssembly runtime lacks', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stack-accounts-policy-'))
    const policy = path.join(dir, 'uses_time.rego')
    writeFileSync(
      policy,
      'package spacelift\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := sprintf("%d", [time.now_ns()])\n}\n\nwarn contains "x" if false\n\nsample if false\n'
    )
    let stderr = ''
    try {
      execFileSync('bash', [path.join(REPO, 'scripts/build-wasm.sh'), path.join(dir, 'out.wasm'), policy], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] })
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr)
    }
    expect(stderr).toContain('time.now_ns')
  })
})
