/**
 * The bundle `render` writes under DIR/spacelift/: main.tf parsed with a real HCL parser, and the
 * rendered policy body (declaration inlined) checked, formatted and evaluated with the real OPA.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { parse } from '@cdktf/hcl2json'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { AFTER_PLAN_HOOK_SOURCE } from '../../src/planPolicy/generated/policySource.js'
import { policyDeclarationData } from '../../src/planPolicy/policyData.js'
import { HOOK_PATH, inlineDeclaration, MAIN_TF_PATH, POLICY_PATH, renderSpaceliftBundle } from '../../src/generate/spaceliftBundle.js'
import { buildDeclaration } from '../support/declaration.js'
import { evalPlanPolicy, runOpa } from '../support/opaTool.js'

const scratch = mkdtempSync(path.join(tmpdir(), 'spacelift-bundle-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const LEGACY_ROLE = 'arn:aws:iam::123456789012:role/cross-account-roles/cross-account-role-app'
const declaration = buildDeclaration({
  spacelift: { spaceId: 'platform' },
  hub: { accountId: '111111111111', role: '/spacelift/spacelift-hub' },
  accounts: {
    prod: { id: '222222222222', role: '/spacelift/spacelift-target' },
    legacy: { id: '123456789012', role: '/cross-account-roles/cross-account-role-app' }
  },
  stacks: { 'fixture-stack': { accounts: ['legacy'] }, 'app-prod': { accounts: ['prod'] } }
})

function writeBundle(name: string): string {
  const dir = path.join(scratch, name)
  for (const [relative, text] of renderSpaceliftBundle(declaration)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true })
    writeFileSync(path.join(dir, relative), text)
  }
  return dir
}

/** A Spacelift plan-policy input from policies/plan/testdata (a real plan through the hook). */
function realPlanInput(stack: string): string {
  const all = JSON.parse(readFileSync('policies/plan/testdata/data.json', 'utf8')) as Record<string, { spacelift: { stack: { id: string } } }>
  const input = all['stack_accounts_declared_role']
  if (!input) throw new Error('testdata lacks the declared-role plan')
  input.spacelift.stack.id = stack
  const file = path.join(scratch, `input-${stack}.json`)
  writeFileSync(file, JSON.stringify(input))
  return file
}

type HclResource = Record<string, Record<string, Array<Record<string, unknown>>>>

describe('renderSpaceliftBundle', () => {
  const bundle = renderSpaceliftBundle(declaration)

  it('writes the policy, the hook and main.tf under spacelift/', () => {
    expect([...bundle.keys()]).toEqual([POLICY_PATH, HOOK_PATH, MAIN_TF_PATH])
    expect(POLICY_PATH).toBe('spacelift/policies/plan.rego')
    expect(bundle.get(HOOK_PATH)).toBe(AFTER_PLAN_HOOK_SOURCE)
    expect(renderSpaceliftBundle(declaration)).toEqual(bundle)
  })

  it('main.tf declares the PLAN policy (Rego v1) and the hook context, both auto-attached, in the space', async () => {
    const tf = (await parse('main.tf', bundle.get(MAIN_TF_PATH) ?? '')) as { resource: HclResource; terraform: unknown }
    const policy = tf.resource.spacelift_policy?.stack_accounts?.[0]
    expect(policy).toEqual({
      name: 'stack-accounts',
      description: expect.any(String),
      type: 'PLAN',
      engine_type: 'REGO_V1',
      body: '${file("${path.module}/policies/plan.rego")}',
      labels: ['autoattach:stack-accounts'],
      space_id: 'platform'
    })
    const context = tf.resource.spacelift_context?.stack_accounts?.[0]
    expect(context).toMatchObject({
      name: 'stack-accounts',
      labels: ['autoattach:stack-accounts'],
      space_id: 'platform',
      after_plan: ['sh /mnt/workspace/stack-accounts/after_plan.sh']
    })
    const mounted = tf.resource.spacelift_mounted_file?.stack_accounts_hook?.[0]
    expect(mounted).toEqual({
      context_id: '${spacelift_context.stack_accounts.id}',
      relative_path: 'stack-accounts/after_plan.sh',
      content: '${filebase64("${path.module}/hooks/after_plan.sh")}',
      write_only: false
    })
    expect(bundle.get(MAIN_TF_PATH)).toContain('Removing that label from a stack detaches both, silently.')
  })

  it('inlines the declaration in place of the one rule that reads it as data', () => {
    const body = bundle.get(POLICY_PATH) ?? ''
    expect(body).not.toContain('data.stack_accounts')
    expect(body).toContain('package spacelift\n\nimport rego.v1\n')
    expect(body).toContain('"fixture-stack": {')
    expect(() => inlineDeclaration('package spacelift\n', {})).toThrow('exactly once')
  })

  it('the rendered body is formatted and compiles on the Rego v1 and v0 engines', () => {
    const dir = writeBundle('checks')
    const policy = path.join(dir, POLICY_PATH)
    const fmt = runOpa(['fmt', '--list', policy])
    expect(fmt).toMatchObject({ status: 0, stdout: '' })
    expect(runOpa(['check', '--strict', policy])).toMatchObject({ status: 0 })
    const capabilities = path.join(dir, 'capabilities-v0.64.0.json')
    const caps = runOpa(['capabilities', '--version', 'v0.64.0'])
    expect(caps.status).toBe(0)
    writeFileSync(capabilities, caps.stdout)
    const v0 = runOpa(['check', '--strict', '--v0-compatible', '--capabilities', capabilities, policy])
    expect(v0.stderr).toBe('')
    expect(v0.status).toBe(0)
  })

  it('the rendered body denies a real plan whose provider assumes a role the stack does not declare', () => {
    const policy = path.join(writeBundle('eval'), POLICY_PATH)
    const denied = evalPlanPolicy([policy], realPlanInput('app-prod'))
    expect(denied.deny).toContainEqual(expect.stringContaining(`assumes role ${LEGACY_ROLE}, which accounts.yaml does not declare for stack "app-prod"`))
    expect(denied.deny).toContainEqual(expect.stringContaining('arn:aws:iam::222222222222:role/spacelift/spacelift-target'))
    expect(denied.sample).toBe(true)

    const allowed = evalPlanPolicy([policy], realPlanInput('fixture-stack'))
    expect(allowed.deny).toEqual([])
    expect(allowed.sample).toBe(false)
  })

  it('decides as the policy source does with the declaration supplied as data', () => {
    // The source as written: the files of policies/plan/ (tests excluded), not the joined body.
    const planPolicyFiles = readdirSync('policies/plan')
      .filter((name) => name.endsWith('.rego') && !name.endsWith('_test.rego'))
      .map((name) => path.join('policies/plan', name))
    expect(planPolicyFiles.length).toBeGreaterThan(1)
    const dataFile = path.join(scratch, 'declaration-data.json')
    writeFileSync(dataFile, JSON.stringify({ stack_accounts: { declaration: policyDeclarationData(declaration) } }))
    const rendered = path.join(writeBundle('same'), POLICY_PATH)
    for (const stack of ['app-prod', 'fixture-stack', 'undeclared']) {
      const input = realPlanInput(stack)
      const fromData = evalPlanPolicy([...planPolicyFiles, dataFile], input)
      expect(evalPlanPolicy([rendered], input)).toEqual(fromData)
    }
  })
})
