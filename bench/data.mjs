/**
 * The benchmark's inputs, generated deterministically:
 *  - an organisation of N accounts (N/10 stacks): accounts.yaml, and the trust policies that exist
 *    today under existing/<account_id>/<role>.trust.json, most equal to what accounts.yaml
 *    implies, some stale (an extra principal, a retired stack), some missing (to be created),
 *    some saved as `aws iam get-role` output with a URL-encoded document, and a stale hub;
 *  - a small declaration for the plan policy and `terraform show -json` plans of any size.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sourceModule } from './compile.mjs'

/**
 * The forms of the synthetic organisations: the compact ones, which keep every generated document
 * within IAM's default limits at any size (the exact forms stop at about 25 stacks and 200
 * accounts). The benchmark uses IAM's default quotas only: an organisation that does not validate
 * with them fails generateOrganisation.
 */
export const BENCH_FORMS = { externalIdMatch: 'integration', hubPermissions: 'organization' }

const pretty = (value) => `${JSON.stringify(value, null, 2)}\n`

/** What happened to each target role's saved policy, by the account's index i (1-based). */
function targetVariant(i) {
  if (i % 25 === 0) return 'missing'
  if (i % 10 === 3) return 'stale-principal'
  if (i % 10 === 6) return 'stale-stack'
  if (i % 50 === 7) return 'get-role'
  return 'equal'
}

function stalePrincipal(doc) {
  const copy = structuredClone(doc)
  const first = copy.Statement[0]
  first.Principal = { AWS: [first.Principal.AWS, 'arn:aws:iam::999999999999:root'].flat() }
  return copy
}

function staleStack(doc) {
  const copy = structuredClone(doc)
  copy.Statement[0].Condition = { StringEquals: { 'aws:PrincipalTag/stack': ['stack-retired', 'stack-0001'] } }
  return copy
}

function getRoleOutput(role) {
  return {
    Role: {
      Path: role.role.path,
      RoleName: role.role.name,
      RoleId: `AROA${role.accountId}EXAMPLE`,
      Arn: role.arn,
      CreateDate: '2024-01-01T00:00:00Z',
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.trustPolicy)),
      MaxSessionDuration: 3600
    }
  }
}

/** The hub as it was before the integration was replaced: its external ID names the old integration. */
function staleHubTrust(hub) {
  const copy = structuredClone(hub.trustPolicy)
  for (const statement of copy.Statement) {
    for (const values of Object.values(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(values)) {
        if (key === 'sts:ExternalId') values[key] = [value].flat().map((v) => String(v).replace(/@[0-9A-Z]{26}@/, '@01HOLDINTEGRATION000000000@'))
      }
    }
  }
  return copy
}

/** Writes DIR/accounts.yaml and DIR/existing/; returns paths, the YAML text and what was written. */
export async function generateOrganisation(dir, accounts) {
  const { syntheticAccountsYaml } = await sourceModule('src/config/synthetic.ts')
  const { analyseConfigText } = await sourceModule('src/generate/analyseDeclaration.ts')
  const { policySize } = await sourceModule('src/generate/iam/iamQuota.ts')
  const stacks = Math.max(1, Math.round(accounts / 10))
  const yaml = syntheticAccountsYaml(accounts, stacks, BENCH_FORMS)
  mkdirSync(dir, { recursive: true })
  const configFile = join(dir, 'accounts.yaml')
  writeFileSync(configFile, yaml)
  // IAM's default quotas: the organisation must validate with them.
  const analysis = analyseConfigText(yaml, configFile)
  if (!analysis.desired) throw new Error(`synthetic accounts.yaml is invalid with IAM's default quotas: ${JSON.stringify(analysis.diagnostics.slice(0, 3))}`)
  const { hub, targets } = analysis.desired
  const sizes = {
    hubTrust: policySize(hub.trustPolicy),
    hubPermissions: policySize(hub.permissionPolicy),
    largestTargetTrust: Math.max(...targets.map((t) => policySize(t.trustPolicy)))
  }

  const existingDir = join(dir, 'existing')
  const write = (accountId, name, value) => {
    mkdirSync(join(existingDir, accountId), { recursive: true })
    writeFileSync(join(existingDir, accountId, name), pretty(value))
  }
  write(hub.accountId, `${hub.role.name}.trust.json`, staleHubTrust(hub))
  write(hub.accountId, `${hub.role.name}.permissions.json`, hub.permissionPolicy)
  const counts = { equal: 0, 'get-role': 0, 'stale-principal': 0, 'stale-stack': 0, missing: 0 }
  targets.forEach((role, index) => {
    const variant = targetVariant(index + 1)
    counts[variant]++
    if (variant === 'missing') return
    if (variant === 'get-role') return write(role.accountId, `${role.role.name}.json`, getRoleOutput(role))
    const doc = variant === 'stale-principal' ? stalePrincipal(role.trustPolicy) : variant === 'stale-stack' ? staleStack(role.trustPolicy) : role.trustPolicy
    write(role.accountId, `${role.role.name}.trust.json`, doc)
  })
  return { dir, configFile, existingDir, yaml, accounts, stacks, targets: counts, hubStale: true, files: targets.length - counts.missing + 2, sizes }
}

/** Accounts the plan policy's declaration declares, and one it does not (its resources are denied). */
export const PLAN_ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(300_000_000_000 + i))
export const UNDECLARED_ACCOUNT = '399999999999'
export const PLAN_STACK = 'big'

export function planDeclarationYaml() {
  return [
    'version: 1',
    'spacelift:',
    '  account: bench',
    '  region: eu',
    'hub:',
    '  account_id: "100000000000"',
    '  role: spacelift-hub',
    'defaults:',
    '  role: spacelift-target',
    '  region: eu-west-1',
    'accounts:',
    ...PLAN_ACCOUNTS.flatMap((id, i) => [`  a${i}:`, `    id: "${id}"`]),
    'stacks:',
    `  ${PLAN_STACK}:`,
    `    accounts: [${PLAN_ACCOUNTS.map((_, i) => `a${i}`).join(', ')}]`,
    ''
  ].join('\n')
}

/** DIR/plan-<n>.json for each size, over the declared accounts and the undeclared one. */
export async function generatePlans(dir, sizes) {
  const { syntheticPlan } = await sourceModule('src/planPolicy/syntheticPlan.ts')
  mkdirSync(dir, { recursive: true })
  const configFile = join(dir, 'accounts.yaml')
  writeFileSync(configFile, planDeclarationYaml())
  const plans = {}
  for (const n of sizes) {
    const file = join(dir, `plan-${n}.json`)
    writeFileSync(file, JSON.stringify(syntheticPlan(n, [...PLAN_ACCOUNTS, UNDECLARED_ACCOUNT])))
    plans[n] = file
  }
  return { configFile, plans }
}
