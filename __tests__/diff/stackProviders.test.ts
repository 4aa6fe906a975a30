/** The comparison of a copied providers.tf with what render writes now: exact up to CRLF and trailing white space; the detail. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { analyseConfigText } from '../../src/generate/analyseDeclaration.js'
import { renderStackProviders } from '../../src/generate/terraform/providers.js'
import { checkProvidersCopies, compareProvidersText, parseStackDirs } from '../../src/diff/stackProviders.js'
import type { Declaration } from '../../src/config/accounts.js'

function example(): Declaration {
  const { declaration } = analyseConfigText(readFileSync('examples/acme/accounts.yaml', 'utf8'), 'accounts.yaml')
  if (declaration === null) throw new Error('the example is invalid')
  return declaration
}

const decl = example()
const appProd = renderStackProviders(decl, 'app-prod')
const audit = renderStackProviders(decl, 'security-audit')

describe('compareProvidersText', () => {
  it('takes the generated file, with CRLF line ends or spaces and line ends appended, as current', () => {
    expect(compareProvidersText(appProd, appProd)).toBeNull()
    expect(compareProvidersText(appProd, appProd.replace(/\n/g, '\r\n'))).toBeNull()
    expect(compareProvidersText(appProd, `${appProd.trimEnd()} \t\n\n  `)).toBeNull()
  })

  it('takes anything else as stale: a byte-order mark, lone CRs, a Unicode space at the end, a missing line end inside', () => {
    expect(compareProvidersText(appProd, `\uFEFF${appProd}`)).toMatch(/^line 1 is /)
    expect(compareProvidersText(appProd, appProd.replace(/\n/g, '\r'))).toMatch(/^line 1 is /)
    expect(compareProvidersText(appProd, `${appProd}\u00A0`)).not.toBeNull()
    expect(compareProvidersText(appProd, appProd.replace('}\n\nprovider', '}\nprovider'))).toBe('line 13 is "provider \\"aws\\" {", render writes ""')
  })

  it('names another account ID or another role of a provider', () => {
    expect(compareProvidersText(appProd, appProd.replace('["222222222222"]', '["999999999999"]'))).toBe(
      'provider aws.prod: allowed_account_ids [999999999999], expected [222222222222]'
    )
    expect(compareProvidersText(appProd, appProd.replace('role/spacelift/spacelift-target', 'role/admin'))).toBe(
      'provider aws.prod: role_arn arn:aws:iam::222222222222:role/admin, expected arn:aws:iam::222222222222:role/spacelift/spacelift-target'
    )
    expect(compareProvidersText(appProd, appProd.replace('region              = "eu-west-1"', 'region              = "us-east-1"'))).toBe(
      'provider aws.prod differs'
    )
  })

  it('finds provider blocks by matched braces, past braces in strings and comments', () => {
    const extra = `${appProd}\nprovider "aws" {\n  # a comment with a brace }\n  region = "}"\n  // another }\n  default_tags {\n    tags = { a = "{" }\n  }\n}\n`
    expect(compareProvidersText(appProd, extra)).toBe('provider aws (no alias) (no allowed_account_ids) is not declared for the stack')
  })

  it('says whose file it is, and bounds the list of differences', () => {
    const detail = compareProvidersText(audit, '') ?? ''
    expect(detail).toBe(
      'provider aws.dev (account 444444444444) is missing; provider aws.networking (account 666666666666) is missing; provider aws.prod (account 222222222222) is missing; provider aws.security (account 555555555555) is missing; provider aws.staging (account 333333333333) is missing; provider aws.vendor_logs (account 777777777777) is missing'
    )
    expect(compareProvidersText(audit, appProd)).toBe(
      'it is the file of stack "app-prod"; provider aws.dev (account 444444444444) is missing; provider aws.networking (account 666666666666) is missing; provider aws.security (account 555555555555) is missing; provider aws.staging (account 333333333333) is missing; provider aws.vendor_logs (account 777777777777) is missing'
    )
    // Seven differences: six are named, the rest counted.
    expect(compareProvidersText(audit, appProd.replace('["222222222222"]', '["999999999999"]'))).toMatch(/; and 1 more difference$/)
  })
})

describe('parseStackDirs and checkProvidersCopies', () => {
  it('keeps everything after the first = as the path', () => {
    expect(parseStackDirs(['app-prod=a=b/c d'], '--stack-dir')).toEqual([{ stack: 'app-prod', path: 'a=b/c d' }])
  })

  it('refuses a path with a line break or NUL', () => {
    expect(() => parseStackDirs(['app-prod=a\nb'], '--stack-dir')).toThrow(/give <stack>=<path>/)
    expect(() => parseStackDirs(['app-prod=a\0b'], '--stack-dir')).toThrow(/give <stack>=<path>/)
  })

  it('reports each copy in the order given, a missing one with why', () => {
    const checks = checkProvidersCopies(decl, [
      { stack: 'security-audit', path: 'a', file: 'a/providers.tf', text: audit },
      { stack: 'app-prod', path: 'b.tf', file: 'b.tf', text: null, why: 'no file b.tf' }
    ])
    expect(checks).toEqual([
      { stack: 'security-audit', path: 'a', file: 'a/providers.tf', status: 'current' },
      { stack: 'app-prod', path: 'b.tf', file: 'b.tf', status: 'missing', detail: 'no file b.tf' }
    ])
  })
})
