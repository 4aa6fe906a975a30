/**
 * The plan policy on real plans: each configuration under __tests__/fixtures/terraform is planned
 * by the Terraform CLI against moto, exported by the real after_plan hook, and judged by OPA on
 * the rendered Spacelift body and by the WebAssembly build as check-plan runs it (both must agree).
 * Every case here but the allowed ones passed the policy before issue 11 (see the fixtures'
 * PROVENANCE.md).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseConfigText } from '../../src/config/load.js'
import type { Declaration } from '../../src/config/accounts.js'
import { renderStackProviders } from '../../src/generate/terraform/providers.js'
import { renderOidcProvidersModule } from '../../src/generate/terraform/oidcProviders.js'
import { desiredIam } from '../../src/generate/iam/desiredIam.js'
import type { PolicyVerdict } from '../../src/planPolicy/wasmPolicy.js'
import { buildPolicyWasm, opaBinary } from './planSupport.js'
import { buildDeclaration } from '../support/declaration.js'
import { judge, realPlansAvailable, REPO, TerraformHarness, typeScriptCustomInput, type CaseOptions } from '../support/terraform.js'

const available = realPlansAvailable('real Terraform plans (__tests__/planPolicy/realPlans.test.ts)')
const describeReal = available ? describe : describe.skip

/** Terraform init and plan against moto: minutes on a loaded two-core machine. A bound, not a measure. */
const REAL_PLAN_TIMEOUT = 900_000

const PROD_ROLE = 'arn:aws:iam::222222222222:role/spacelift-target'

function declaration(): Declaration {
  return buildDeclaration({
    hub: { accountId: '111111111111', role: '/spacelift/spacelift-hub' },
    accounts: { prod: { id: '222222222222' }, staging: { id: '333333333333' } },
    stacks: { 'app-prod': { accounts: ['prod'] }, networking: { accounts: ['prod', 'staging'] } }
  })
}

function matching(messages: string[], fragment: string): string[] {
  return messages.filter((message) => message.includes(fragment))
}

describeReal('the plan policy on real Terraform plans (Terraform CLI, AWS provider, moto)', () => {
  let harness: TerraformHarness
  let wasm: string

  beforeAll(async () => {
    wasm = buildPolicyWasm()
    harness = await TerraformHarness.start()
  }, REAL_PLAN_TIMEOUT)

  afterAll(async () => {
    await harness?.stop()
  })

  /** Plans the case, checks the hook and check-plan agree on the input and both engines on the verdict. */
  async function verdictOf(name: string, stack: string, options: CaseOptions = {}, decl: Declaration = declaration()): Promise<PolicyVerdict> {
    const planned = harness.planCase(name, options)
    expect({ status: planned.hookStatus, stderr: planned.hookStderr }).toEqual({ status: 0, stderr: '' })
    expect(typeScriptCustomInput(planned)).toEqual(planned.customInput)
    const { spacelift, checkPlan } = await judge(decl, stack, planned, wasm, opaBinary())
    expect(checkPlan).toEqual(spacelift)
    return spacelift
  }

  it(
    'denies a role ARN computed from variables, unless allowed_account_ids pins the account',
    async () => {
      const verdict = await verdictOf('computed-role', 'app-prod')
      expect(verdict.warn).toEqual([])
      expect(verdict.deny).toEqual([
        expect.stringContaining(
          'provider configuration "aws.swapped" (used by aws_sqs_queue.swapped) assumes a role given by an expression referring to var.role, which the plan does not show'
        ),
        expect.stringContaining(
          'provider configuration "aws.unchecked" (used by aws_sqs_queue.unchecked) assumes a role given by an expression referring to var.account, var.role_name'
        )
      ])
      expect(verdict.deny[0]).toContain('allowed_account_ids')
      expect(matching(verdict.deny, 'aws.pinned')).toEqual([])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'judges every AWS provider, whatever its source: a private-registry fork, opentofu/aws, awscc',
    async () => {
      if (!harness.forksAvailable)
        throw new Error('provider-sources needs the filesystem mirror of hashicorp/aws (STACK_ACCOUNTS_TF_MIRROR or /opt/tf-plugins)')
      const verdict = await verdictOf('provider-sources', 'app-prod')
      for (const key of ['fork', 'tofuaws', 'awscc']) {
        expect(matching(verdict.deny, `provider configuration "${key}" (used by aws_sqs_queue.`)).toHaveLength(1)
      }
      expect(verdict.deny).toHaveLength(3)
      expect(matching(verdict.deny, 'aws.prod')).toEqual([])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'denies profiles, shared config files, a dynamic assume_role used by a check block, and a provider used only by an ephemeral resource',
    async () => {
      const verdict = await verdictOf('credential-sources', 'app-prod')
      expect(matching(verdict.deny, 'provider configuration "aws.profiled" (used by aws_sqs_queue.profiled) sets profile')).toHaveLength(1)
      expect(matching(verdict.deny, 'provider configuration "aws.profiled" (used by aws_sqs_queue.profiled) sets shared_config_files')).toHaveLength(1)
      expect(matching(verdict.deny, 'provider configuration "aws.dynamic" (used by data.aws_caller_identity.dynamic) assumes no role')).toHaveLength(1)
      expect(matching(verdict.deny, 'provider configuration "aws.ephemeral" assumes no role')).toHaveLength(1)
      expect(verdict.deny).toHaveLength(4)
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'denies unreadable and confused-deputy trust policies, and warns about resource policies granting other accounts',
    async () => {
      const verdict = await verdictOf('trust-policies', 'app-prod')
      expect(matching(verdict.deny, 'assume_role_policy of aws_iam_role.after_apply is known only after apply')).toHaveLength(1)
      expect(matching(verdict.deny, 'aws_iam_role.number would trust AWS principal 999999999999 of account 999999999999')).toHaveLength(1)
      expect(
        matching(verdict.deny, "aws_iam_role.spacelift would trust Spacelift's AWS account 324880187172 without an sts:ExternalId condition")
      ).toHaveLength(1)
      expect(
        matching(
          verdict.deny,
          'aws_iam_role.github would trust OpenID Connect provider arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com without a condition on its :sub claim'
        )
      ).toHaveLength(1)
      expect(verdict.deny).toHaveLength(4)
      expect(verdict.warn).toEqual([
        expect.stringContaining('aws_iam_role_policy.hop allows sts:AssumeRole on arn:aws:iam::888888888888:role/admin'),
        expect.stringContaining('aws_lambda_permission.invoke grants account 888888888888'),
        expect.stringContaining('aws_sqs_queue_policy.shared grants account 888888888888')
      ])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'denies STS pointed elsewhere, a CloudFormation stack creating a role, and a constant role without allowed_account_ids (red team)',
    async () => {
      const planned = harness.planCase('red-team')
      // The dynamic "assume_role" block does not show in the plan, yet the provider reached account 999999999999.
      expect((planned.plan.planned_values as { outputs: Record<string, { value: unknown }> }).outputs.chained_account?.value).toBe('999999999999')
      const verdict = await verdictOf('red-team', 'app-prod')
      expect(verdict.warn).toEqual([])
      expect(verdict.deny).toEqual([
        expect.stringContaining('aws_cloudformation_stack.role may create IAM roles (its template holds AWS::IAM::Role)'),
        expect.stringContaining(
          'provider configuration "aws.chained" (used by data.aws_caller_identity.chained) assumes a constant role but has no literal allowed_account_ids within the accounts of stack "app-prod"'
        ),
        expect.stringContaining('provider configuration "aws.pinned_elsewhere" sets endpoints, which can let a party other than AWS answer its STS calls'),
        expect.stringContaining('provider configuration "aws.sts_elsewhere" sets endpoints, which can let a party other than AWS answer its STS calls')
      ])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'allows a wrapper module without provider requirements calling a module that declares them, under the declared root role',
    async () => {
      const verdict = await verdictOf('wrapper-module', 'app-prod')
      expect(verdict).toEqual({ deny: [], warn: [] })
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'exports and judges a tree of 100 nested modules',
    async () => {
      const files: Record<string, string> = {}
      // Module name "m": Terraform keeps each module under .terraform/modules/<m.m.m…>, a file name.
      for (let level = 1; level < 100; level++) files[`modules/${level}/main.tf`] = `module "m" {\n  source = "../${level + 1}"\n}\n`
      files['modules/100/main.tf'] = 'resource "aws_sqs_queue" "deep" {\n  name = "deep"\n}\n'
      const allowed = await verdictOf('deep-modules', 'app-prod', { files })
      expect(allowed).toEqual({ deny: [], warn: [] })
      const denied = await verdictOf(
        'deep-modules',
        'networking',
        { files },
        buildDeclaration({ accounts: { prod: { id: '222222222222', role: 'other' } }, stacks: { networking: { accounts: ['prod'] } } })
      )
      const deepest = `${Array.from({ length: 100 }, () => 'module.m').join('.')}.aws_sqs_queue.deep`
      expect(denied.deny).toEqual([expect.stringContaining(`provider configuration "aws" (used by ${deepest}) assumes role ${PROD_ROLE}`)])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'denies destroying a resource removed from the configuration when the root has no AWS default provider',
    async () => {
      const before = {
        'main.tf':
          'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\nprovider "aws" {\n  region = "eu-west-1"\n}\n\n' +
          'resource "aws_sqs_queue" "removed" {\n  name = "removed"\n}\n'
      }
      const verdict = await verdictOf('removed-resource', 'app-prod', { appliedBefore: before })
      expect(verdict.deny).toEqual([expect.stringContaining('aws_sqs_queue.removed would be destroyed: removed from the configuration')])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'denies, saying the hook failed, when the hook is given a state file instead of a plan',
    async () => {
      const before = {
        'main.tf':
          'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\nprovider "aws" {\n  alias  = "prod"\n  region = "eu-west-1"\n' +
          '  assume_role {\n    role_arn = "arn:aws:iam::222222222222:role/spacelift-target"\n  }\n}\n\nresource "aws_sqs_queue" "kept" {\n  provider = aws.prod\n  name     = "kept"\n}\n'
      }
      const planned = harness.planCase('removed-resource', { appliedBefore: before, hookPlanFile: 'terraform.tfstate' })
      expect(planned.hookStatus).toBe(1)
      expect(planned.hookStderr).toContain('not a plan')
      expect(planned.customInput).toBeUndefined()
      const { spacelift } = await judge(declaration(), 'app-prod', planned, wasm, opaBinary())
      expect(spacelift.deny).toEqual([expect.stringContaining('has no custom input "stack_accounts": the after_plan hook')])
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    'plans the declared-role fixture as the committed plan says',
    async () => {
      const planned = harness.planCase('declared-role')
      const committed = JSON.parse(readFileSync(path.join(REPO, '__tests__/fixtures/spacelift/stack-accounts_declared-role.plan.json'), 'utf8')) as Record<
        string,
        unknown
      >
      for (const key of ['configuration', 'resource_changes', 'planned_values']) expect({ [key]: planned.plan[key] }).toEqual({ [key]: committed[key] })
      const verdict = await verdictOf(
        'declared-role',
        'networking',
        {},
        buildDeclaration({
          accounts: { legacy: { id: '123456789012', role: '/cross-account-roles/cross-account-role-app' } },
          stacks: { networking: { accounts: ['legacy'] } }
        })
      )
      expect(verdict).toEqual({ deny: [], warn: [] })
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    "passes the example's generated providers.tf (every account of a six-account stack, external IDs included)",
    async () => {
      const example = parseConfigText(readFileSync(path.join(REPO, 'examples/acme/accounts.yaml'), 'utf8'), 'accounts.yaml')
      const decl = example.declaration
      if (decl === null) throw new Error('examples/acme/accounts.yaml does not load')
      const stack = decl.stacks.find((candidate) => candidate.id === 'security-audit')
      if (!stack) throw new Error('no stack security-audit in the example')
      const resources = stack.accounts
        .map((alias) => `resource "aws_sqs_queue" "${alias}" {\n  provider = aws.${alias}\n  name     = "${alias}"\n}\n`)
        .join('\n')
      const verdict = await verdictOf(
        'generated-providers',
        stack.id,
        { files: { 'providers.tf': renderStackProviders(decl, stack.id), 'resources.tf': resources } },
        decl
      )
      expect(verdict).toEqual({ deny: [], warn: [] })
    },
    REAL_PLAN_TIMEOUT
  )

  it(
    "plans examples/acme-oidc's generated web-identity providers and identity-provider module, and passes them",
    async () => {
      const example = parseConfigText(readFileSync(path.join(REPO, 'examples/acme-oidc/accounts.yaml'), 'utf8'), 'accounts.yaml')
      const decl = example.declaration
      if (decl === null) throw new Error('examples/acme-oidc/accounts.yaml does not load')
      const stack = decl.stacks.find((candidate) => candidate.id === 'security-audit')
      if (stack?.auth !== 'oidc') throw new Error('security-audit is not on OIDC in the example')
      const providers = renderStackProviders(decl, stack.id)
      expect(providers.match(/assume_role_with_web_identity \{/g)).toHaveLength(stack.accounts.length)
      const desired = desiredIam(decl)
      const reached = desired.oidcProviders.filter((provider) => stack.accounts.includes(provider.alias))
      const moduleCall = [
        'module "oidc_providers" {',
        '  source = "./oidc-providers"',
        '  providers = {',
        ...reached.map((provider) => `    aws.${provider.alias} = aws.${provider.alias}`),
        '  }',
        '}',
        ''
      ].join('\n')
      const resources = stack.accounts
        .map((alias) => `resource "aws_sqs_queue" "${alias}" {\n  provider = aws.${alias}\n  name     = "${alias}"\n}\n`)
        .join('\n')
      const planned = harness.planCase('oidc', {
        files: {
          // /mnt/workspace/spacelift.oidc exists only on Spacelift's runners: a stand-in token here
          // (moto does not verify it); the path is the only change to the rendered file.
          'providers.tf': providers.replaceAll('"/mnt/workspace/spacelift.oidc"', '"spacelift.oidc"'),
          'spacelift.oidc': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJzcGFjZTpwcm9kOnN0YWNrOnNlY3VyaXR5LWF1ZGl0In0.',
          'oidc-providers/main.tf': renderOidcProvidersModule(reached),
          'main.tf': moduleCall,
          'resources.tf': resources
        }
      })
      expect({ status: planned.hookStatus, stderr: planned.hookStderr }).toEqual({ status: 0, stderr: '' })
      const changes = (planned.plan.resource_changes ?? []) as Array<{
        address: string
        type: string
        change: { actions: string[]; after: Record<string, unknown> }
      }>
      const identityProviders = changes.filter((change) => change.type === 'aws_iam_openid_connect_provider')
      expect(identityProviders.map((change) => [change.address, change.change.actions, change.change.after.url, change.change.after.client_id_list])).toEqual(
        reached.map((provider) => [`module.oidc_providers.aws_iam_openid_connect_provider.${provider.alias}`, ['create'], provider.url, provider.clientIds])
      )
      const { spacelift, checkPlan } = await judge(decl, stack.id, planned, wasm, opaBinary())
      expect(checkPlan).toEqual(spacelift)
      expect(spacelift).toEqual({ deny: [], warn: [] })
    },
    REAL_PLAN_TIMEOUT
  )
})
