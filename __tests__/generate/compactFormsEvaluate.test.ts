/**
 * What the compact forms allow and deny, decided by evaluating the generated documents (not by
 * reading their text): Spacelift -> hub role (hub trust) -> target role (hub permission policy and
 * target trust), for every stack and every account, against the exact forms.
 *
 * Trust policies go through the project's reference evaluator; the hub's permission policy
 * (an identity policy: Action x Resource x Condition) through the small evaluator below, which reads
 * Resource patterns in their broadest sense: a `*` may span colons, as IAM allows for a `*` that
 * ends an ARN segment (reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Declaration } from '../../src/config/accounts.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import type { PolicyDocument } from '../../src/iamDocument/types.js'
import { buildDeclaration, INTEGRATION_ID, type DeclarationSpec, hubOf } from '../support/declaration.js'
import { conditionMatches, isAllowed, statementList, wildcardMatch, type RequestContext } from '../support/referenceEvaluator.js'

const ORG = 'o-a1b2c3d4e5'
const OTHER_ORG = 'o-zzzzzzzzzz'
const SPACELIFT_EU = '324880187172'

/** The organisation of every account the tests name; accounts absent here are outside it. */
const ORG_OF: Record<string, string> = {
  '222222222222': ORG,
  '333333333333': ORG,
  '444444444444': ORG,
  '555555555555': ORG,
  '666666666666': OTHER_ORG
}

const SPEC: DeclarationSpec = {
  spacelift: { sessionTags: true, externalIdMatch: 'integration' },
  hub: { permissions: 'organization', organizationId: ORG },
  accounts: {
    prod: { id: '222222222222', role: '/spacelift/target', externalId: 's3cr3t-prod' },
    staging: { id: '333333333333', role: '/spacelift/target' },
    legacy: { id: '444444444444', role: 'deployer' }
  },
  stacks: {
    'app-prod': { accounts: ['prod'] },
    networking: { accounts: ['prod', 'staging'] },
    audit: { accounts: ['staging', 'legacy'], access: 'read-only' }
  }
}

const withForms = (externalIdMatch: 'exact' | 'integration', permissions: 'exact' | 'accounts' | 'organization'): Declaration =>
  buildDeclaration({ ...SPEC, spacelift: { ...SPEC.spacelift, externalIdMatch }, hub: { ...SPEC.hub, permissions } })

/** IAM's decision for an identity policy statement list on one action and resource. */
function identityAllows(document: PolicyDocument, action: string, resource: string, context: RequestContext): boolean {
  const matching = statementList(document).filter(
    (statement) =>
      [statement.Action].flat().some((pattern) => wildcardMatch(String(pattern).toLowerCase(), action.toLowerCase())) &&
      [statement.Resource].flat().some((pattern) => wildcardMatch(String(pattern), resource)) &&
      conditionMatches(statement.Condition, context)
  )
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
}

/** The request context IAM gives the hub's sts:AssumeRole on `roleArn` (the role's account and organization). */
function resourceContext(roleArn: string): RequestContext {
  const account = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1] ?? ''
  const org = ORG_OF[account]
  return { 'aws:resourceaccount': account, ...(org ? { 'aws:resourceorgid': org } : {}) }
}

interface Run {
  stack: string
  /** The integration whose ID Spacelift puts in the external ID. */
  integration?: string
  phase?: 'read' | 'write'
}

/** Spacelift assumes the hub role for a run of `stack` (with its session tag, when tags are on). */
function hubAssumable(decl: Declaration, run: Run): boolean {
  const hub = hubOf(desiredIam(decl))
  const externalId = `${decl.spacelift.account}@${run.integration ?? INTEGRATION_ID}@${run.stack}@${run.phase ?? 'write'}`
  const principal = { type: 'AWS' as const, id: `arn:aws:iam::${SPACELIFT_EU}:root`, account: SPACELIFT_EU }
  const assume = isAllowed(hub.trustPolicy, { principal, action: 'sts:AssumeRole', context: { 'sts:externalid': externalId } })
  const tag = !decl.spacelift.sessionTags || isAllowed(hub.trustPolicy, { principal, action: 'sts:TagSession', context: { 'aws:requesttag/stack': run.stack } })
  return assume && tag
}

/** The hub session of a run of `stack` assumes `roleArn`: the hub's permission policy and the role's trust policy must both allow it. */
function targetAssumable(decl: Declaration, stack: string, roleArn: string, trustPolicy: PolicyDocument | null, externalId?: string): boolean {
  const hub = hubOf(desiredIam(decl))
  if (!identityAllows(hub.permissionPolicy, 'sts:AssumeRole', roleArn, resourceContext(roleArn))) return false
  // A role stack-accounts does not manage: assume its trust policy names the hub (the worst case).
  if (trustPolicy === null) return true
  // The caller is a session of the hub role (what Spacelift's run holds), matched by the role's ARN.
  const principal = {
    type: 'AWS' as const,
    id: `arn:aws:sts::${hubOf(decl).accountId}:assumed-role/${hubOf(decl).role.name}/${stack}`,
    account: hubOf(decl).accountId,
    role: hubOf(decl).role.name
  }
  const context: RequestContext = {
    ...(decl.spacelift.sessionTags ? { 'aws:principaltag/stack': stack } : {}),
    ...(externalId ? { 'sts:externalid': externalId } : {})
  }
  return isAllowed(trustPolicy, { principal, action: 'sts:AssumeRole', context })
}

/** Whether a run of `stack` (in its plan phase when read-only) reaches the declared account `alias` end to end. */
function reaches(decl: Declaration, stack: string, alias: string): boolean {
  const account = decl.accounts.find((a) => a.alias === alias)!
  const target = desiredIam(decl).targets.find((t) => t.alias === alias)!
  const phase = decl.stacks.find((s) => s.id === stack)?.access === 'read-only' ? 'read' : 'write'
  return hubAssumable(decl, { stack, phase }) && targetAssumable(decl, stack, target.arn, target.trustPolicy, account.externalId ?? undefined)
}

const STACKS = ['app-prod', 'networking', 'audit', 'intruder']
const ALIASES = ['prod', 'staging', 'legacy']

describe('external_id_match: integration with session tags', () => {
  const decl = withForms('exact', 'exact')
  const compact = withForms('integration', 'organization')

  it('lets each declared stack reach exactly the accounts it lists, as the exact forms do', () => {
    for (const stack of STACKS) {
      for (const alias of ALIASES) {
        const declared = decl.stacks.some((s) => s.id === stack && s.accounts.includes(alias))
        expect([stack, alias, reaches(compact, stack, alias)]).toEqual([stack, alias, declared])
        if (stack !== 'intruder') expect([stack, alias, reaches(decl, stack, alias)]).toEqual([stack, alias, declared])
      }
    }
  })

  it('lets a stack attached to the integration but not declared assume the hub role, and no target role', () => {
    // The extra the finding names: which stacks use the hub is decided by the attachments.
    expect(hubAssumable(compact, { stack: 'intruder' })).toBe(true)
    expect(hubAssumable(decl, { stack: 'intruder' })).toBe(false)
    for (const alias of ALIASES) expect(reaches(compact, 'intruder', alias)).toBe(false)
  })

  it('refuses another integration, another Spacelift account, and a read-only stack only by its attachment', () => {
    expect(hubAssumable(compact, { stack: 'app-prod', integration: '01HAAAAAAAAAAAAAAAAAAAAAAA' })).toBe(false)
    const hub = hubOf(desiredIam(compact))
    const principal = { type: 'AWS' as const, id: `arn:aws:iam::${SPACELIFT_EU}:root`, account: SPACELIFT_EU }
    const other = `evil@${INTEGRATION_ID}@app-prod@write`
    expect(isAllowed(hub.trustPolicy, { principal, action: 'sts:AssumeRole', context: { 'sts:externalid': other } })).toBe(false)
    // another AWS principal with the right external ID
    const stranger = { type: 'AWS' as const, id: 'arn:aws:iam::999999999999:root', account: '999999999999' }
    expect(
      isAllowed(hub.trustPolicy, { principal: stranger, action: 'sts:AssumeRole', context: { 'sts:externalid': `acme@${INTEGRATION_ID}@app-prod@write` } })
    ).toBe(false)
    // read-only: the exact form refuses audit's @write, the integration form does not (the attachment decides)
    expect(hubAssumable(decl, { stack: 'audit', phase: 'write' })).toBe(false)
    expect(hubAssumable(compact, { stack: 'audit', phase: 'write' })).toBe(true)
  })

  it('without session tags, any stack of the integration reaches every target, as the finding says', () => {
    const untagged = buildDeclaration({ ...SPEC, spacelift: { sessionTags: false, externalIdMatch: 'integration' } })
    for (const stack of STACKS) for (const alias of ALIASES) expect(reaches(untagged, stack, alias)).toBe(true)
  })
})

describe('hub.permissions: what the hub role may assume', () => {
  /** Roles a hub session might try: declared targets, other names, other accounts, outside the organisation, a path that ends like the target's. */
  const ROLES = [
    'arn:aws:iam::222222222222:role/spacelift/target',
    'arn:aws:iam::333333333333:role/spacelift/target',
    'arn:aws:iam::444444444444:role/deployer',
    'arn:aws:iam::222222222222:role/deployer',
    'arn:aws:iam::444444444444:role/spacelift/target',
    'arn:aws:iam::555555555555:role/spacelift/target',
    'arn:aws:iam::666666666666:role/spacelift/target',
    'arn:aws:iam::777777777777:role/spacelift/target',
    'arn:aws:iam::222222222222:role/admin',
    'arn:aws:iam::222222222222:role/spacelift/target2',
    'arn:aws:iam::222222222222:role/x:role/spacelift/target',
    'arn:aws:iam::222222222222:role/other/spacelift/target',
    'arn:aws:iam::222222222222:user/spacelift/target'
  ]
  const allowedBy = (permissions: 'exact' | 'accounts' | 'organization', action = 'sts:AssumeRole') => {
    const hub = hubOf(desiredIam(withForms('integration', permissions)))
    return ROLES.filter((arn) => identityAllows(hub.permissionPolicy, action, arn, resourceContext(arn)))
  }
  const EXACT = [
    'arn:aws:iam::222222222222:role/spacelift/target',
    'arn:aws:iam::333333333333:role/spacelift/target',
    'arn:aws:iam::444444444444:role/deployer'
  ]

  it('exact allows the declared target roles only', () => {
    expect(allowedBy('exact')).toEqual(EXACT)
  })

  it('accounts allows exactly the same roles: each role name only in the accounts that use it', () => {
    expect(allowedBy('accounts')).toEqual(EXACT)
  })

  it('organization adds only the same role names in other accounts of the organisation', () => {
    expect(allowedBy('organization')).toEqual([
      ...EXACT,
      'arn:aws:iam::222222222222:role/deployer',
      'arn:aws:iam::444444444444:role/spacelift/target',
      'arn:aws:iam::555555555555:role/spacelift/target'
    ])
  })

  it('allows nothing but sts:AssumeRole (and sts:TagSession with session tags) in every form', () => {
    for (const permissions of ['exact', 'accounts', 'organization'] as const) {
      for (const action of ['iam:PassRole', 'sts:AssumeRoleWithWebIdentity', 'iam:UpdateAssumeRolePolicy', 'sts:GetFederationToken']) {
        expect([permissions, action, allowedBy(permissions, action)]).toEqual([permissions, action, []])
      }
      expect(allowedBy(permissions, 'sts:TagSession')).toEqual(allowedBy(permissions))
      const untagged = desiredIam(buildDeclaration({ ...SPEC, spacelift: { sessionTags: false }, hub: { ...SPEC.hub, permissions } }))
      const tagSession = ROLES.filter((arn) => identityAllows(hubOf(untagged).permissionPolicy, 'sts:TagSession', arn, resourceContext(arn)))
      expect(tagSession).toEqual([])
    }
  })

  it('denies a request that lacks the resource condition key (fails closed)', () => {
    for (const permissions of ['accounts', 'organization'] as const) {
      const hub = hubOf(desiredIam(withForms('integration', permissions)))
      expect(identityAllows(hub.permissionPolicy, 'sts:AssumeRole', EXACT[0]!, {})).toBe(false)
    }
  })
})

describe('on random organisations (fast-check)', () => {
  const ROLE_NAMES = ['/spacelift/target', 'deployer', '/ops/deployer']
  const ACCOUNT_IDS = ['222222222222', '333333333333', '444444444444', '555555555555', '666666666666']
  const STACK_IDS = ['a', 'b', 'c', 'd']
  /** accounts: alias -> role; stacks: id -> non-empty list of aliases. */
  const organisation = fc
    .record({
      roles: fc.array(fc.constantFrom(...ROLE_NAMES), { minLength: 1, maxLength: ACCOUNT_IDS.length }),
      stackMembers: fc.array(fc.array(fc.boolean(), { minLength: ACCOUNT_IDS.length, maxLength: ACCOUNT_IDS.length }), {
        minLength: 1,
        maxLength: STACK_IDS.length
      }),
      readOnly: fc.array(fc.boolean(), { minLength: STACK_IDS.length, maxLength: STACK_IDS.length })
    })
    .map(({ roles, stackMembers, readOnly }) => {
      const aliases = roles.map((_, i) => `acct${i}`)
      const accounts = Object.fromEntries(roles.map((role, i) => [aliases[i]!, { id: ACCOUNT_IDS[i]!, role }]))
      const stacks = Object.fromEntries(
        stackMembers.map((members, j) => {
          const listed = aliases.filter((_, i) => members[i])
          return [STACK_IDS[j]!, { accounts: listed.length ? listed : [aliases[0]!], access: readOnly[j] ? ('read-only' as const) : ('read-write' as const) }]
        })
      )
      return { accounts, stacks }
    })

  it('with session tags, the compact forms reach exactly the declared (stack, account) pairs, as the exact forms do (organization: inside it)', () => {
    fc.assert(
      fc.property(organisation, fc.constantFrom('accounts' as const, 'organization' as const), ({ accounts, stacks }, permissions) => {
        const spec = { accounts, stacks, spacelift: { sessionTags: true } }
        const exact = buildDeclaration({ ...spec, spacelift: { ...spec.spacelift, externalIdMatch: 'exact' } })
        const compact = buildDeclaration({
          ...spec,
          spacelift: { ...spec.spacelift, externalIdMatch: 'integration' },
          hub: { permissions, organizationId: ORG }
        })
        for (const stack of [...STACK_IDS, 'intruder']) {
          for (const alias of Object.keys(accounts)) {
            const declared = exact.stacks.some((s) => s.id === stack && s.accounts.includes(alias))
            const listed = desiredIam(exact).targets.some((t) => t.alias === alias)
            if (!listed) continue
            // organization: a declared account outside the organisation is not reached (fails closed)
            const inOrganisation = ORG_OF[accounts[alias]!.id] === ORG
            expect(reaches(compact, stack, alias)).toBe(declared && (permissions === 'accounts' || inOrganisation))
            if (exact.stacks.some((s) => s.id === stack)) expect(reaches(exact, stack, alias)).toBe(declared)
          }
        }
      }),
      { numRuns: 200, seed: 12 }
    )
  })

  it('hub.permissions: accounts allows the same role ARNs as exact; organization the declared role names inside the organisation only', () => {
    const universe = ACCOUNT_IDS.concat('777777777777').flatMap((id) =>
      [...ROLE_NAMES, '/spacelift/target2', 'x:role/deployer'].map((role) => `arn:aws:iam::${id}:role${role.startsWith('/') ? role : `/${role}`}`)
    )
    fc.assert(
      fc.property(organisation, ({ accounts, stacks }) => {
        const allowed = (permissions: 'exact' | 'accounts' | 'organization') => {
          const hub = hubOf(desiredIam(buildDeclaration({ accounts, stacks, hub: { permissions, organizationId: ORG } })))
          return universe.filter((arn) => identityAllows(hub.permissionPolicy, 'sts:AssumeRole', arn, resourceContext(arn)))
        }
        const exact = allowed('exact')
        expect(allowed('accounts')).toEqual(exact)
        const organization = allowed('organization')
        const inOrganisation = (arn: string) => ORG_OF[/iam::(\d{12}):/.exec(arn)![1]!] === ORG
        // every declared role inside the organisation, none outside it
        expect(organization).toEqual(expect.arrayContaining(exact.filter(inOrganisation)))
        expect(organization.filter((arn) => !inOrganisation(arn))).toEqual([])
        const names = new Set(desiredIam(buildDeclaration({ accounts, stacks })).targets.map((t) => `${t.role.path}${t.role.name}`))
        for (const arn of organization.filter((a) => !exact.includes(a))) {
          const [, account, role] = /^arn:aws:iam::(\d{12}):role(.*)$/.exec(arn)!
          expect(ORG_OF[account!]).toBe(ORG)
          expect(names.has(role!)).toBe(true)
        }
      }),
      { numRuns: 200, seed: 12 }
    )
  })
})
