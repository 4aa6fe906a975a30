import { describe, expect, it } from '@jest/globals'
import type { ConfigPath } from '../../src/config/accounts.js'
import { formatPath } from '../../src/config/accounts.js'
import { separationFindings } from '../../src/generate/iam/declarationFindings.js'
import { buildDeclaration } from '../support/declaration.js'

function locator(known: Record<string, [number, number]>): (path: ConfigPath) => { line: number; column: number } | undefined {
  return (path) => {
    const hit = known[formatPath(path)]
    return hit ? { line: hit[0], column: hit[1] } : undefined
  }
}

describe('separationFindings', () => {
  it('warns that without session_tags every stack can assume every target role, with the numbers', () => {
    const decl = buildDeclaration({
      accounts: { prod: { id: '222222222222' }, staging: { id: '333333333333' }, unused: { id: '444444444444' } },
      stacks: { a: { accounts: ['prod'] }, b: { accounts: ['prod', 'staging'] }, c: { accounts: ['staging'] } }
    })
    const findings = separationFindings(decl, locator({ 'spacelift.session_tags': [5, 17], spacelift: [2, 1] }), 'accounts.yaml')
    expect(findings).toHaveLength(1)
    const [f] = findings
    expect(f).toMatchObject({ severity: 'warning', file: 'accounts.yaml', path: 'spacelift.session_tags', line: 5, column: 17 })
    expect(f!.message).toContain('3 stacks')
    expect(f!.message).toContain('every one of the 2 target roles')
    // 3 stacks x 2 roles = 6 pairs, 4 declared.
    expect(f!.message).toContain('2 stack/role pairs allowed by IAM but not declared')
  })

  it('positions the finding at spacelift when session_tags is not written', () => {
    const [f] = separationFindings(buildDeclaration(), locator({ spacelift: [2, 1] }), 'accounts.yaml')
    expect(f).toMatchObject({ path: 'spacelift', line: 2, column: 1 })
  })

  it('says nothing about separation with session_tags', () => {
    expect(separationFindings(buildDeclaration({ spacelift: { sessionTags: true } }), locator({}), 'accounts.yaml')).toEqual([])
  })

  it('calls each read-only stack advisory, at stacks.<id>.access', () => {
    const decl = buildDeclaration({
      spacelift: { sessionTags: true },
      stacks: { audit: { accounts: ['prod', 'staging'], access: 'read-only' }, app: { accounts: ['prod'] } }
    })
    const findings = separationFindings(decl, locator({ 'stacks.audit.access': [20, 13] }), 'accounts.yaml')
    expect(findings).toHaveLength(1)
    const [f] = findings
    expect(f).toMatchObject({ severity: 'warning', path: 'stacks.audit.access', line: 20, column: 13 })
    expect(f!.message).toContain('read-only is advisory for stack audit')
    expect(f!.message).toContain('@write external ID')
    expect(f!.message).toContain('During plan')
    expect(f!.message).toContain('prod, staging')
  })

  it('without session_tags tells a read-only stack it reaches every target role', () => {
    const decl = buildDeclaration({ stacks: { audit: { accounts: ['prod'], access: 'read-only' }, b: { accounts: ['staging'] } } })
    const findings = separationFindings(decl, locator({}), 'accounts.yaml')
    expect(findings.map((f) => f.path)).toEqual(['spacelift.session_tags', 'stacks.audit.access'])
    expect(findings[1]!.message).toContain('every target role (2 roles; session_tags is off)')
  })
})
