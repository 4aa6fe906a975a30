import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

describe('policies/plan/testdata/data.json', () => {
  it('is what testdata/build.sh makes from the fixture plans today (run it when this fails)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rego-testdata-'))
    try {
      const fresh = path.join(dir, 'data.json')
      execFileSync('sh', ['policies/plan/testdata/build.sh', fresh])
      expect(readFileSync(fresh, 'utf8')).toBe(readFileSync('policies/plan/testdata/data.json', 'utf8'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
