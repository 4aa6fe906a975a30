/** The fix commands for copies out of step: every path one shell word, as a POSIX shell reads it. */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { providersFixCommands } from '../../src/report/providersFix.js'
import { shellWord } from '../../src/report/applySnippets.js'

describe('shellWord', () => {
  it('is read back by sh as the very word, whatever it holds', () => {
    for (const word of ['stacks/app', "it's here", 'a b', '$(touch /tmp/x)', '`id`', 'x;rm -rf /', 'new\nline', '-n', '*', '"q"', '']) {
      expect(execFileSync('sh', ['-c', `printf '%s' ${shellWord(word)}`], { encoding: 'utf8' })).toBe(word)
    }
  })
})

describe('providersFixCommands', () => {
  it('renders into a temporary directory and copies each file over its copy', () => {
    expect(providersFixCommands('infra/accounts.yaml', [{ stack: 'app-prod', path: "it's", file: "it's/providers.tf", status: 'stale' }])).toBe(
      `out="$(mktemp -d)" && stack-accounts render --config infra/accounts.yaml --out "$out"\ncp -- "$out"/terraform/app-prod/providers.tf 'it'\\''s/providers.tf'`
    )
  })
})
