/**
 * Spacelift OIDC (spacelift.auth oidc/both): what accounts.yaml accepts, and what the generated
 * target trust allows and denies for a token of each stack, scope and run type, read by the
 * reference evaluator (independent of src/trustPolicy), plus the providers and identity providers.
 */
import { describe, expect, it } from '@jest/globals'
import { formatDiagnostic } from '../../src/common/diagnostics.js'
import type { Declaration } from '../../src/config/accounts.js'
import { parseConfigText } from '../../src/config/load.js'
import { declarationChanges } from '../../src/diff/declarationChanges.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import { iamLimitDiagnostics } from '../../src/generate/iam/iamQuota.js'
import { renderIamAndTerraformFiles } from '../../src/generate/iamTerraformFiles.js'
import { renderStackProviders } from '../../src/generate/terraform/providers.js'
import { isAllowed, type RequestContext } from '../support/referenceEvaluator.js'
import { get, parseTf } from '../support/parseHcl.js'

const HOST = 'acme.app.spacelift.io'

function yamlWith(spacelift: string, stacks: string, hub = 'hub:\n  account_id: "111111111111"\n  role: spacelift-hub\n'): string {
  return [
    'version: 1',
    'spacelift:',
    '  account: acme',
    spacelift,
    hub,
    'defaults:',
    '  role: spacelift-target',
    '  region: eu-west-1',
    'accounts:',
    '  prod:',
    '    id: "222222222222"',
    '  staging:',
    '    id: "333333333333"',
    'stacks:',
    stacks
  ].join('\n')
}

const STACKS = [
  '  app:',
  '    accounts: [prod]',
  '  audit:',
  '    accounts: [prod, staging]',
  '    access: read-only',
  '  net:',
  '    accounts: [staging]'
].join('\n')

function load(text: string): Declaration {
  const result = parseConfigText(text, 'accounts.yaml')
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)
  expect(errors).toEqual([])
  if (!result.declaration) throw new Error('no declaration')
  return result.declaration
}

function errors(text: string): string[] {
  return parseConfigText(text, 'accounts.yaml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic)
}

describe('accounts.yaml: spacelift.auth and spacelift.oidc', () => {
  it('defaults to integration, with no OIDC settings and every stack on the hub', () => {
    const decl = load(yamlWith('', STACKS))
    expect(decl.spacelift.auth).toBe('integration')
    expect(decl.spacelift.oidc).toBeNull()
    expect(decl.stacks.map((s) => s.auth)).toEqual(['integration', 'integration', 'integration'])
    expect(desiredIam(decl).oidcProviders).toEqual([])
  })

  it('derives the host from account and region (EU and US SaaS) and the space defaults to *', () => {
    expect(load(yamlWith('  auth: oidc', STACKS, '')).spacelift.oidc).toEqual({ host: 'acme.app.spacelift.io', space: '*' })
    expect(load(yamlWith('  region: us\n  auth: oidc', STACKS, '')).spacelift.oidc).toEqual({ host: 'acme.app.us.spacelift.io', space: '*' })
  })

  it('takes a stack space over spacelift.oidc.space', () => {
    const decl = load(
      yamlWith('  auth: oidc\n  oidc:\n    space: prod-01HND497T9JKR76MR3KA2CDJHP', STACKS.replace('  net:\n', '  net:\n    space: other\n'), '')
    )
    expect(decl.stacks.map((s) => [s.id, s.space])).toEqual([
      ['app', 'prod-01HND497T9JKR76MR3KA2CDJHP'],
      ['audit', 'prod-01HND497T9JKR76MR3KA2CDJHP'],
      ['net', 'other']
    ])
  })

  it('needs hub for integration and both, not for oidc', () => {
    expect(errors(yamlWith('  auth: both', STACKS, ''))).toEqual([
      expect.stringContaining("missing required key 'hub': spacelift.auth both reaches the accounts through the hub role")
    ])
    expect(errors(yamlWith('', STACKS, ''))).toEqual([expect.stringContaining("missing required key 'hub'")])
    expect(load(yamlWith('  auth: oidc', STACKS, '')).hub).toBeNull()
  })

  it('needs oidc.host for a self-hosted Spacelift, and refuses a host with a scheme, port or path', () => {
    const selfHosted = '  aws_account_id: "999999999999"\n  auth: oidc'
    expect(errors(yamlWith(selfHosted, STACKS, ''))).toEqual([
      expect.stringMatching(/accounts\.yaml:\d+:\d+: spacelift\.auth: auth oidc with a self-hosted Spacelift .* needs spacelift\.oidc\.host/)
    ])
    expect(load(yamlWith(`${selfHosted}\n  oidc:\n    host: spacelift.example.com`, STACKS, '')).spacelift.oidc?.host).toBe('spacelift.example.com')
    for (const host of ['https://acme.app.spacelift.io', 'acme.app.spacelift.io:443', 'acme.app.spacelift.io/x', 'ACME.app.spacelift.io', 'localhost']) {
      expect(errors(yamlWith(`  auth: oidc\n  oidc:\n    host: ${JSON.stringify(host)}`, STACKS, ''))).toEqual([
        expect.stringContaining('spacelift.oidc.host: must be a lowercase hostname')
      ])
    }
  })

  it('refuses OIDC keys that would mean nothing, and a space that could reach across sub fields', () => {
    expect(errors(yamlWith('  oidc:\n    space: x', STACKS))).toEqual([
      expect.stringContaining('spacelift.oidc: spacelift.oidc is read only with spacelift.auth: oidc or both')
    ])
    expect(errors(yamlWith('  auth: oidc', STACKS.replace('  net:\n', '  net:\n    auth: oidc\n'), ''))).toEqual([
      expect.stringContaining("stacks.net.auth: a stack's auth chooses between the hub and OIDC only with spacelift.auth: both")
    ])
    expect(errors(yamlWith('', STACKS.replace('  net:\n', '  net:\n    space: x\n')))).toEqual([
      expect.stringContaining('stacks.net.space: space is the Spacelift space')
    ])
    for (const space of ['a:stack:b', 'a*', 'sp ace']) {
      expect(errors(yamlWith(`  auth: oidc\n  oidc:\n    space: ${JSON.stringify(space)}`, STACKS, ''))).toEqual([
        expect.stringContaining('spacelift.oidc.space: must be * or a Spacelift space ID')
      ])
    }
  })
})

/** A Spacelift OIDC token's request to STS, as IAM evaluates it (keys lower-cased for the evaluator). */
function tokenRequest(accountId: string, token: { host?: string; aud?: string; sub: string }, action = 'sts:AssumeRoleWithWebIdentity') {
  const host = token.host ?? HOST
  const context: RequestContext = { [`${host}:aud`]: token.aud ?? host, [`${host}:sub`]: token.sub }
  return {
    principal: { type: 'Federated' as const, id: `arn:aws:iam::${accountId}:oidc-provider/${host}`, account: null },
    action,
    context
  }
}

const RUN_SCOPES: Array<[string, 'read' | 'write']> = [
  ['PROPOSED', 'read'],
  ['TRACKED', 'read'],
  ['TRACKED', 'write'],
  ['TASK', 'write'],
  ['TESTING', 'write'],
  ['DESTROY', 'write']
]

describe('the generated OIDC trust, evaluated', () => {
  const decl = load(yamlWith('  auth: oidc\n  session_tags: true', STACKS, ''))
  const desired = desiredIam(decl)
  const trustOf = (alias: string) => {
    const target = desired.targets.find((t) => t.alias === alias)
    if (!target) throw new Error(alias)
    return { accountId: target.accountId, policy: target.trustPolicy }
  }

  it('has no hub and trusts the identity provider of the target account itself', () => {
    expect(desired.hub).toBeNull()
    expect(trustOf('prod').policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SpaceliftWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::222222222222:oidc-provider/${HOST}` },
          Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
          Condition: {
            StringEquals: { [`${HOST}:aud`]: HOST },
            StringLike: { [`${HOST}:sub`]: ['space:*:stack:app:run_type:*:scope:*', 'space:*:stack:audit:run_type:*:scope:read'] }
          }
        }
      ]
    })
  })

  it('allows exactly the tokens of the stacks that list the account, read-only stacks with read scope only', () => {
    const verdicts: string[] = []
    for (const alias of ['prod', 'staging']) {
      const { accountId, policy } = trustOf(alias)
      for (const stack of decl.stacks) {
        for (const [runType, scope] of RUN_SCOPES) {
          for (const space of ['root', 'prod-01HND497T9JKR76MR3KA2CDJHP']) {
            const sub = `space:${space}:stack:${stack.id}:run_type:${runType}:scope:${scope}`
            const expected = stack.accounts.includes(alias) && (stack.access === 'read-write' || scope === 'read')
            for (const action of ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']) {
              const allowed = isAllowed(policy, tokenRequest(accountId, { sub }, action))
              if (allowed !== expected) verdicts.push(`${alias} ${sub} ${action}: ${allowed}`)
            }
          }
        }
      }
    }
    expect(verdicts).toEqual([])
  })

  it("refuses a read-only stack's write token, another stack's token, a module's, and a look-alike stack ID", () => {
    const { accountId, policy } = trustOf('prod')
    const allows = (sub: string) => isAllowed(policy, tokenRequest(accountId, { sub }))
    expect(allows('space:root:stack:audit:run_type:PROPOSED:scope:read')).toBe(true)
    expect(allows('space:root:stack:audit:run_type:TRACKED:scope:write')).toBe(false)
    expect(allows('space:root:stack:audit:run_type:TASK:scope:write')).toBe(false)
    expect(allows('space:root:stack:net:run_type:TRACKED:scope:write')).toBe(false)
    expect(allows('space:root:module:app:run_type:TRACKED:scope:write')).toBe(false)
    expect(allows('space:root:stack:app-2:run_type:TRACKED:scope:write')).toBe(false)
    expect(allows('space:root:stack:xapp:run_type:TRACKED:scope:write')).toBe(false)
  })

  it('refuses a token of another Spacelift account, of another account’s provider, or with another audience', () => {
    const { accountId, policy } = trustOf('prod')
    const sub = 'space:root:stack:app:run_type:TRACKED:scope:write'
    expect(isAllowed(policy, tokenRequest(accountId, { sub }))).toBe(true)
    expect(isAllowed(policy, tokenRequest(accountId, { sub, host: 'evil.app.spacelift.io' }))).toBe(false)
    expect(isAllowed(policy, tokenRequest(accountId, { sub, host: 'acme.app.us.spacelift.io' }))).toBe(false)
    expect(isAllowed(policy, tokenRequest('333333333333', { sub }))).toBe(false)
    expect(isAllowed(policy, tokenRequest(accountId, { sub, aud: 'evil.app.spacelift.io' }))).toBe(false)
    // Not the hub, nor Spacelift's AWS account, nor AssumeRole.
    const aws = { type: 'AWS' as const, id: 'arn:aws:iam::324880187172:root', account: '324880187172' }
    expect(isAllowed(policy, { principal: aws, action: 'sts:AssumeRole', context: {} })).toBe(false)
    expect(isAllowed(policy, { ...tokenRequest(accountId, { sub }), action: 'sts:AssumeRole' })).toBe(false)
  })

  it('pins the space when one is set: a stack of the same ID in another space is refused', () => {
    const pinned = load(yamlWith('  auth: oidc\n  oidc:\n    space: prod-01HND497T9JKR76MR3KA2CDJHP', STACKS, ''))
    const prod = desiredIam(pinned).targets.find((t) => t.alias === 'prod')
    if (!prod) throw new Error('prod')
    const allows = (sub: string) => isAllowed(prod.trustPolicy, tokenRequest('222222222222', { sub }))
    expect(allows('space:prod-01HND497T9JKR76MR3KA2CDJHP:stack:app:run_type:TRACKED:scope:write')).toBe(true)
    expect(allows('space:sandbox:stack:app:run_type:TRACKED:scope:write')).toBe(false)
    // Without session_tags there is no sts:TagSession.
    expect(
      isAllowed(
        prod.trustPolicy,
        tokenRequest('222222222222', { sub: 'space:prod-01HND497T9JKR76MR3KA2CDJHP:stack:app:run_type:TRACKED:scope:write' }, 'sts:TagSession')
      )
    ).toBe(false)
  })
})

describe('auth both', () => {
  const decl = load(yamlWith('  auth: both\n  session_tags: true', STACKS.replace('  net:\n', '  net:\n    auth: oidc\n')))
  const desired = desiredIam(decl)

  it('keeps the hub statements beside the OIDC statement in every target trust', () => {
    for (const target of desired.targets) {
      expect(target.trustPolicy.Statement.map((s) => s.Sid)).toEqual(['HubAssumeRole', 'HubTagSession', 'SpaceliftWebIdentity'])
    }
    const prod = desired.targets.find((t) => t.alias === 'prod')
    if (!prod) throw new Error('prod')
    const hubSession = { type: 'AWS' as const, id: 'arn:aws:sts::111111111111:assumed-role/spacelift-hub/run', account: '111111111111', role: 'spacelift-hub' }
    expect(isAllowed(prod.trustPolicy, { principal: hubSession, action: 'sts:AssumeRole', context: { 'aws:principaltag/stack': 'app' } })).toBe(true)
    expect(isAllowed(prod.trustPolicy, tokenRequest('222222222222', { sub: 'space:root:stack:app:run_type:TRACKED:scope:write' }))).toBe(true)
    expect(desired.hub).not.toBeNull()
  })

  it('gives web identity providers to the stacks on oidc and assume_role to the others', async () => {
    const net = await parseTf(renderStackProviders(decl, 'net'))
    const app = await parseTf(renderStackProviders(decl, 'app'))
    const netProvider = get(net, 'provider', 'aws', 0)
    expect(get(netProvider, 'allowed_account_ids')).toEqual(['333333333333'])
    expect(get(netProvider, 'assume_role_with_web_identity', 0)).toEqual({
      role_arn: 'arn:aws:iam::333333333333:role/spacelift-target',
      session_name: '${var.spacelift_run_id}',
      web_identity_token_file: '/mnt/workspace/spacelift.oidc'
    })
    expect(JSON.stringify(netProvider)).not.toContain('"assume_role"')
    expect(get(get(app, 'provider', 'aws', 0), 'assume_role', 0)).toEqual({
      role_arn: 'arn:aws:iam::222222222222:role/spacelift-target',
      session_name: '${var.spacelift_run_id}'
    })
  })
})

describe('the identity providers', () => {
  const decl = load(yamlWith('  auth: oidc', STACKS, ''))
  const files = renderIamAndTerraformFiles(decl, desiredIam(decl))

  it('writes no hub files and no integration under auth oidc', () => {
    expect([...files.keys()]).toEqual([
      'iam/222222222222/spacelift-target.trust.json',
      'iam/333333333333/spacelift-target.trust.json',
      'iam/oidc-providers.sh',
      'spacelift/integration.tf',
      'terraform/app/providers.tf',
      'terraform/audit/providers.tf',
      'terraform/iam/main.tf',
      'terraform/net/providers.tf',
      'terraform/oidc-providers/main.tf'
    ])
    expect(files.get('spacelift/integration.tf')).not.toContain('spacelift_aws_integration')
    expect(files.get('terraform/iam/main.tf')).not.toContain('aws_iam_role" "hub"')
  })

  it('has one aws_iam_openid_connect_provider per target account, through that account’s provider configuration', async () => {
    const tf = await parseTf(files.get('terraform/oidc-providers/main.tf') ?? '')
    expect(get(tf, 'terraform', 0, 'required_providers', 0, 'aws')).toEqual({
      source: 'hashicorp/aws',
      configuration_aliases: ['${aws.prod}', '${aws.staging}']
    })
    expect(get(tf, 'resource', 'aws_iam_openid_connect_provider')).toEqual({
      prod: [{ provider: '${aws.prod}', url: `https://${HOST}`, client_id_list: [HOST] }],
      staging: [{ provider: '${aws.staging}', url: `https://${HOST}`, client_id_list: [HOST] }]
    })
  })

  it('gives the AWS CLI command of each', () => {
    const script = files.get('iam/oidc-providers.sh') ?? ''
    expect(script).toContain(
      `# account 222222222222 (prod): arn:aws:iam::222222222222:oidc-provider/${HOST}\naws iam create-open-id-connect-provider --url https://${HOST} \\\n  --client-id-list ${HOST}\n`
    )
    expect(script.match(/create-open-id-connect-provider/g)).toHaveLength(2)
  })
})

describe('size', () => {
  it("checks an OIDC target trust against the trust policy quota, naming the account's stacks", () => {
    const many = Array.from({ length: 40 }, (_, i) => `  stack-${String(i).padStart(2, '0')}:\n    accounts: [prod, staging]`).join('\n')
    const decl = load(yamlWith('  auth: oidc', many, ''))
    const diagnostics = iamLimitDiagnostics(decl, desiredIam(decl), { trustPolicyQuota: 2048, locate: () => ({ line: 12, column: 3 }), file: 'accounts.yaml' })
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /^the trust policy of the target role arn:aws:iam::222222222222:role\/spacelift-target .* over the role trust policy quota of 2,048.* Its OIDC statement lists a sub pattern for each of the 40 stacks/
      ),
      expect.stringMatching(/arn:aws:iam::333333333333:role\/spacelift-target/)
    ])
    expect(iamLimitDiagnostics(decl, desiredIam(decl), { trustPolicyQuota: 4096, locate: () => null, file: 'accounts.yaml' })).toEqual([])
  })
})

describe('declaration changes', () => {
  it("lists a stack's move to OIDC and, between two OIDC versions, its space", () => {
    const before = load(yamlWith('', STACKS))
    const both = load(yamlWith('  auth: both', STACKS.replace('  net:\n', '  net:\n    auth: oidc\n')))
    expect(declarationChanges(before, both).filter((c) => c.kind === 'stack-oidc-changed')).toEqual([
      { kind: 'stack-oidc-changed', subject: 'net', detail: 'stack net auth: integration -> oidc' }
    ])
    const pinned = load(yamlWith('  auth: both', STACKS.replace('  net:\n', '  net:\n    auth: oidc\n    space: root\n')))
    expect(declarationChanges(both, pinned).filter((c) => c.kind === 'stack-oidc-changed')).toEqual([
      { kind: 'stack-oidc-changed', subject: 'net', detail: 'stack net space: * -> root' }
    ])
  })
})

describe('a hub under auth oidc', () => {
  it('is a warning: nothing is generated for it', () => {
    const result = parseConfigText(yamlWith('  auth: oidc', STACKS), 'accounts.yaml')
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^accounts\.yaml:\d+:1: hub: spacelift\.auth is oidc: no stack goes through the hub/)
    ])
    expect(result.declaration && desiredIam(result.declaration).hub).toBeNull()
  })
})
