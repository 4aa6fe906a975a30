/**
 * The PR-side evaluation must say what Spacelift will say. For every input (the real plans and
 * synthetic ones, under several declarations and stacks):
 *   - the custom input computed in TypeScript equals what the real after_plan hook writes
 *     (run with jq and a stand-in `terraform` that prints the plan);
 *   - the WebAssembly verdict (declaration as data, custom input from TypeScript) equals the real
 *     OPA binary's on the body `render` ships to Spacelift (declaration inlined, custom input from
 *     the hook).
 */
import { describe, it, expect, beforeAll } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Declaration } from '../../src/config/accounts.js'
import { loadPlanPolicy } from '../../src/planPolicy/evaluatePlan.js'
import { stackAccountsCustomInput } from '../../src/planPolicy/customInput.js'
import { spaceliftPlanInput } from '../../src/planPolicy/planInput.js'
import { POLICY_PATH, renderSpaceliftBundle } from '../../src/generate/spaceliftBundle.js'
import { syntheticPlan } from '../../src/planPolicy/syntheticPlan.js'
import type { PolicyVerdict } from '../../src/planPolicy/wasmPolicy.js'
import { buildDeclaration } from '../support/declaration.js'
import { buildPolicyWasm, fixturePlans, legacyDeclaration, opaBinary, otherDeclaration, REPO } from './planSupport.js'

/** A hand-written plan with the shapes the filter must get right (see the hook's comments). */
const EDGE_PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  variables: {
    role: { value: 'arn:aws:iam::333333333333:role/ci/deployer' },
    numeric_role: { value: 42 },
    secret: { value: 'hunter2' },
    web_role: { value: 'arn:aws:iam::222222222222:role/spacelift-target' }
  },
  resource_changes: [
    {
      address: 'aws_iam_role.wide',
      mode: 'managed',
      type: 'aws_iam_role',
      name: 'wide',
      change: {
        actions: ['create'],
        before: null,
        after: { assume_role_policy: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}' }
      }
    }
  ],
  configuration: {
    provider_config: {
      aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-west-1' } } },
      'aws.staging': {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
        alias: 'staging',
        expressions: {
          assume_role: [{ role_arn: { references: ['var.role'] }, external_id: { constant_value: 'do-not-export' } }],
          access_key: { constant_value: 'AKIAIOSFODNN7EXAMPLE' }
        }
      },
      'aws.web': {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
        alias: 'web',
        expressions: { assume_role_with_web_identity: [{ role_arn: { references: ['var.web_role'] }, web_identity_token: { references: ['var.secret'] } }] }
      },
      'aws.chain': {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
        alias: 'chain',
        expressions: {
          assume_role: [
            { role_arn: { constant_value: 'arn:aws:iam::222222222222:role/spacelift-target' } },
            { role_arn: { references: ['var.numeric_role'] } },
            { role_arn: { references: ['local.a', 'var.secret'] } },
            {}
          ]
        }
      },
      'aws.each': {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
        alias: 'each',
        for_each_expression: { references: ['var.regions'] },
        expressions: {}
      },
      'module.child:aws': {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
        module_address: 'module.child',
        expressions: { assume_role: [{ role_arn: { references: ['var.role'] } }] }
      }
    },
    root_module: {
      resources: [
        {
          address: 'aws_s3_bucket.a',
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'a',
          provider_config_key: 'aws.staging',
          expressions: { bucket: { constant_value: 'a' } }
        },
        { address: 'data.aws_caller_identity.me', mode: 'data', type: 'aws_caller_identity', name: 'me', provider_config_key: 'aws' },
        { address: 'aws_iam_role.wide', mode: 'managed', type: 'aws_iam_role', name: 'wide', provider_config_key: 'aws.web' }
      ],
      module_calls: {
        child: {
          source: './child',
          module: {
            resources: [{ address: 'aws_sqs_queue.q', mode: 'managed', type: 'aws_sqs_queue', name: 'q', provider_config_key: 'module.child:aws' }],
            module_calls: {
              grandchild: {
                source: './gc',
                module: { resources: [{ address: 'aws_sns_topic.t', mode: 'managed', type: 'aws_sns_topic', name: 't', provider_config_key: 'aws.chain' }] }
              }
            }
          }
        },
        empty: { source: './empty' }
      }
    }
  }
}

const SYNTHETIC_ACCOUNTS = ['222222222222', '333333333333', '444444444444']

/**
 * Trust and resource policy texts that OPA compiled to WebAssembly and OPA itself read
 * differently unless the policy checks them strictly: text after the value, array elements
 * without commas or with a trailing comma, lone surrogate escapes, keys given twice, values that
 * are no object, numbers beyond 2^32 (format_int aborts on those in WebAssembly).
 */
export const HOSTILE_POLICY_TEXTS: string[] = [
  'true',
  'false',
  ' true ',
  'truex',
  'null',
  '12',
  '"text"',
  '[]',
  '{"Statement": []} x',
  '{"Statement": []}]',
  '{"Statement": []}}',
  '{"Statement": []},{"Statement": []}',
  '{"Statement": []}\u0000',
  '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["222222222222" "999999999999"]}}]}',
  '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["222222222222",]}}]}',
  String.raw`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "\ud800"}}]}`,
  String.raw`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "\ud83d\ude00"}}]}`,
  '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "222222222222", "AWS": "999999999999"}}]}',
  '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": 999999999999}}]}',
  '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [12345, 1e12, 12.5, -1, 4294967296, 1.0, 1e3]}}]}',
  '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::324880187172:root"}}]}',
  '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::222222222222:oidc-provider/x"}, "Condition": {"StringLike": {"x:sub": "*"}}}]}',
  String.raw`{"Statement": {"Effect": "Allow", "Sid": "a\"b\\", "Principal": {"Service": "x"}}}`,
  '  {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}\n\t',
  '{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ["arn:aws:iam::999999999999:role/x", 5]}]}'
]

/** A plan whose resource changes carry each hostile text as a trust policy and as a resource policy. */
function hostilePolicyPlan(): unknown {
  const changes = HOSTILE_POLICY_TEXTS.flatMap((text, index) => [
    {
      address: `aws_iam_role.r${index}`,
      mode: 'managed',
      type: 'aws_iam_role',
      name: `r${index}`,
      change: { actions: ['create'], after: { assume_role_policy: text } }
    },
    {
      address: `aws_iam_role_policy.p${index}`,
      mode: 'managed',
      type: 'aws_iam_role_policy',
      name: `p${index}`,
      change: { actions: ['update'], after: { policy: text } }
    },
    {
      address: `aws_lambda_permission.l${index}`,
      mode: 'managed',
      type: 'aws_lambda_permission',
      name: `l${index}`,
      change: { actions: ['create'], after: { principal: index % 2 === 0 ? 999999999999 + index : `${index}` } }
    }
  ])
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: {},
    resource_changes: changes,
    configuration: {
      provider_config: {
        'aws.prod': {
          name: 'aws',
          full_name: 'registry.terraform.io/hashicorp/aws',
          alias: 'prod',
          expressions: { assume_role: [{ role_arn: { constant_value: 'arn:aws:iam::222222222222:role/spacelift-target' } }] }
        }
      },
      root_module: {
        resources: changes.map((change) => ({
          address: change.address,
          mode: 'managed',
          type: change.type,
          name: change.name,
          provider_config_key: 'aws.prod'
        }))
      }
    }
  }
}

function allPlans(): Array<{ name: string; plan: unknown }> {
  return [
    ...fixturePlans().map(({ name, plan }) => ({ name, plan })),
    { name: 'edge-cases', plan: EDGE_PLAN },
    { name: 'hostile-policy-texts', plan: hostilePolicyPlan() },
    { name: 'synthetic-300', plan: syntheticPlan(300, SYNTHETIC_ACCOUNTS) }
  ]
}

const DECLARATIONS: Array<{ name: string; declaration: () => Declaration; stacks: string[] }> = [
  { name: 'legacy', declaration: legacyDeclaration, stacks: ['app-legacy', 'app-prod', 'ghost'] },
  { name: 'other', declaration: otherDeclaration, stacks: ['networking', 'app-prod'] },
  {
    name: 'synthetic',
    declaration: () =>
      buildDeclaration({
        accounts: { a: { id: '222222222222' }, b: { id: '333333333333', role: '/ci/deployer' }, c: { id: '444444444444' } },
        stacks: { big: { accounts: ['a', 'c'] }, all: { accounts: ['a', 'b', 'c'] } }
      }),
    stacks: ['big', 'all']
  }
]

let work: string
let wasm: string

/** What the real hook writes for this plan, parsed. */
function hookCustomInput(plan: unknown): unknown {
  const dir = mkdtempSync(path.join(work, 'hook-'))
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan))
  execFileSync('sh', [path.join(REPO, 'policies/hook/after_plan.sh')], {
    cwd: dir,
    env: {
      ...process.env,
      PATH: `${path.join(work, 'bin')}:${process.env.PATH ?? ''}`,
      STACK_ACCOUNTS_FAKE_PLAN: path.join(dir, 'plan.json'),
      STACK_ACCOUNTS_IAC_BINARY: 'terraform'
    },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  return JSON.parse(readFileSync(path.join(dir, 'stack_accounts.custom.spacelift.json'), 'utf8')) as unknown
}

/** The real OPA binary on the rendered body: deny and warn of data.spacelift. */
function opaVerdict(bodyFile: string, input: unknown): PolicyVerdict {
  const inputFile = path.join(work, 'input.json')
  writeFileSync(inputFile, JSON.stringify(input))
  const output = execFileSync(opaBinary(), ['eval', '--format', 'json', '-d', bodyFile, '-i', inputFile, 'data.spacelift'], {
    maxBuffer: 256 * 1024 * 1024
  })
  const value = (JSON.parse(output.toString('utf8')) as { result: Array<{ expressions: Array<{ value: { deny?: string[]; warn?: string[] } }> }> }).result[0]
    ?.expressions[0]?.value
  return { deny: [...(value?.deny ?? [])].sort(), warn: [...(value?.warn ?? [])].sort() }
}

beforeAll(() => {
  wasm = buildPolicyWasm()
  work = mkdtempSync(path.join(tmpdir(), 'stack-accounts-parity-'))
  mkdirSync(path.join(work, 'bin'))
  // A stand-in for `terraform show -json <plan file>`: prints the plan the test chose.
  writeFileSync(path.join(work, 'bin/terraform'), '#!/bin/sh\nexec cat "$STACK_ACCOUNTS_FAKE_PLAN"\n')
  chmodSync(path.join(work, 'bin/terraform'), 0o755)
})

describe('custom input: customInput.ts and the after_plan hook', () => {
  it.each(allPlans().map((p) => [p.name, p.plan] as const))('%s', (_name, plan) => {
    const fromHook = hookCustomInput(plan)
    const fromTypeScript = stackAccountsCustomInput(plan)
    // Same values and the same key order.
    expect(JSON.stringify(fromTypeScript)).toBe(JSON.stringify(fromHook))
  })

  it('keeps nothing secret from the edge-case plan', () => {
    const text = JSON.stringify(stackAccountsCustomInput(EDGE_PLAN))
    for (const secret of ['hunter2', 'do-not-export', 'AKIAIOSFODNN7EXAMPLE', 'eu-west-1', 'arn:aws:iam::333333333333:role/ci/deployer']) {
      expect(text).not.toContain(secret)
    }
    expect(Object.keys(stackAccountsCustomInput(EDGE_PLAN) ?? {})).toEqual(['terraform_version', 'format_version', 'configuration'])
  })
})

describe('verdicts: WebAssembly with data = OPA on the rendered Spacelift body', () => {
  for (const { name, declaration, stacks } of DECLARATIONS) {
    it(`declaration "${name}"`, async () => {
      const decl = declaration()
      const body = renderSpaceliftBundle(decl).get(POLICY_PATH)
      if (body === undefined) throw new Error(`renderSpaceliftBundle has no ${POLICY_PATH}`)
      const bodyFile = path.join(work, `plan-${name}.rego`)
      writeFileSync(bodyFile, body)
      const policy = await loadPlanPolicy(decl, wasm)
      let denials = 0
      for (const { name: planName, plan } of allPlans()) {
        const hookInput = hookCustomInput(plan)
        for (const stack of stacks) {
          const input = spaceliftPlanInput(plan, stack) as { third_party_metadata: { custom: Record<string, unknown> } }
          const fromWasm = policy.evaluate(input)
          const spaceliftInput = { ...input, third_party_metadata: { custom: { stack_accounts: hookInput } } }
          const fromOpa = opaVerdict(bodyFile, spaceliftInput)
          expect({ plan: planName, stack, ...fromWasm }).toEqual({ plan: planName, stack, ...fromOpa })
          denials += fromWasm.deny.length
        }
      }
      // The inputs exercise the deny rules, not only the empty verdict.
      expect(denials).toBeGreaterThan(0)
    })
  }
})
