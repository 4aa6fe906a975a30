// Writes a rendered Spacelift plan-policy body and plan-policy inputs of several sizes, for
// bench/opa-bench.mjs and for checking that a rewrite of the policy keeps its verdicts:
//   node bench/plan-policy-inputs.mjs OUT_DIR [--aliases N] [SIZE...]   (default sizes: 1000 10000)
// writes OUT_DIR/plan.rego (examples/acme/accounts.yaml inlined), OUT_DIR/data.json (the same
// declaration as data, for the policy compiled to WebAssembly) and OUT_DIR/input-<SIZE>.json,
// or OUT_DIR/input-<SIZE>-aliases-<N>.json with --aliases: N aliased AWS providers (default one
// per account of ACCOUNTS, 7) over those accounts in turn, so one alias in seven is denied.
// Needs the compiled project: npx tsc -p tsconfig.json --outDir build
//
// The plans are those of src/planPolicy/syntheticPlan.ts (one aliased AWS provider per account,
// aws_iam_role changes, module "shared"), made to cover more of the policy: the declared target
// roles (path included) assumed, every seventh resource a data source, modules nested two deep,
// a module with a provider configuration of its own without assume_role, a root default
// provider used only by data sources, an account the stack does not declare (so its provider is
// denied), and roles trusting that account (denied too).
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const load = (module) => import(pathToFileURL(path.join(root, 'build', module)).href)

export const STACK_ID = 'security-audit'
/** The accounts of stack security-audit in examples/acme/accounts.yaml, and one it does not declare. */
export const ACCOUNTS = ['555555555555', '222222222222', '333333333333', '444444444444', '666666666666', '777777777777', '999999999999']

const AWS = 'registry.terraform.io/hashicorp/aws'

/** The synthetic plan, enriched in place (see the file comment). */
function enrich(plan, declaredRoleArns) {
  const config = plan.configuration
  for (const provider of Object.values(config.provider_config)) {
    const role = provider.expressions.assume_role[0].role_arn
    const accountId = role.constant_value.split(':')[4]
    role.constant_value = declaredRoleArns.get(accountId) ?? role.constant_value
  }
  config.provider_config['aws'] = { name: 'aws', full_name: AWS, expressions: { region: { constant_value: 'eu-west-1' } } }
  config.provider_config['module.edge:aws'] = { name: 'aws', full_name: AWS, module_address: 'module.edge', expressions: {} }
  const root = config.root_module
  const shared = root.module_calls.shared.module
  const inner = { resources: [] }
  const edge = { resources: [] }
  shared.module_calls = { inner: { source: './inner', module: inner } }
  root.module_calls.edge = { source: './edge', module: edge }

  const sharedResources = shared.resources
  shared.resources = []
  sharedResources.forEach((resource, i) => {
    if (i % 3 === 1) inner.resources.push(resource)
    else if (i % 3 === 2) edge.resources.push({ ...resource, provider_config_key: i % 2 === 0 ? 'module.edge:aws' : resource.provider_config_key })
    else shared.resources.push(resource)
  })
  const moduleOf = new Map()
  for (const r of inner.resources) moduleOf.set(r.address, 'module.shared.module.inner')
  for (const r of edge.resources) moduleOf.set(r.address, 'module.edge')
  for (const change of plan.resource_changes) {
    const local = change.address.replace(/^module\.shared\./, '')
    const module = change.module_address === 'module.shared' ? moduleOf.get(local) : undefined
    if (module) {
      change.address = `${module}.${local}`
      change.module_address = module
    }
  }

  let n = 0
  for (const module of [root, shared, inner, edge]) {
    module.resources = module.resources.map((resource) => {
      n++
      if (n % 7 !== 0 || resource.type === 'aws_iam_role') return resource
      const name = resource.name
      const dataKey = module === root && n % 14 === 0 ? 'aws' : resource.provider_config_key
      return { ...resource, address: `data.aws_caller_identity.${name}`, mode: 'data', type: 'aws_caller_identity', name, provider_config_key: dataKey }
    })
  }
  return plan
}

/** The account of each aliased provider: ACCOUNTS in turn, `aliases` of them. */
export function aliasAccounts(aliases = ACCOUNTS.length) {
  if (!Number.isInteger(aliases) || aliases < 1) throw new Error(`plan-policy-inputs: aliases must be a positive integer, not ${aliases}`)
  return Array.from({ length: aliases }, (_, i) => ACCOUNTS[i % ACCOUNTS.length])
}

export function inputFileName(size, aliases = ACCOUNTS.length) {
  return aliases === ACCOUNTS.length ? `input-${size}.json` : `input-${size}-aliases-${aliases}.json`
}

export async function writePlanPolicyInputs(outDir, sizes, { aliases = ACCOUNTS.length } = {}) {
  const { syntheticPlan } = await load('src/planPolicy/syntheticPlan.js')
  const { spaceliftPlanInput } = await load('src/planPolicy/planInput.js')
  const { renderSpaceliftBundle, POLICY_PATH } = await load('src/generate/spaceliftBundle.js')
  const { loadConfigFile } = await load('src/config/load.js')
  const { declaration } = loadConfigFile(path.join(root, 'examples/acme/accounts.yaml'))
  if (!declaration) throw new Error('plan-policy-inputs: examples/acme/accounts.yaml does not load')
  const body = renderSpaceliftBundle(declaration).get(POLICY_PATH)
  const { policyDeclarationData } = await load('src/planPolicy/policyData.js')
  const declaredRoleArns = new Map(Object.values(policyDeclarationData(declaration).accounts).map((account) => [account.id, account.role_arn]))
  if (typeof body !== 'string') throw new Error('plan-policy-inputs: renderSpaceliftBundle gave no ' + POLICY_PATH)
  mkdirSync(outDir, { recursive: true })
  const bodyFile = path.join(outDir, 'plan.rego')
  writeFileSync(bodyFile, body)
  const dataFile = path.join(outDir, 'data.json')
  writeFileSync(dataFile, JSON.stringify({ stack_accounts: { declaration: policyDeclarationData(declaration) } }))
  const inputFiles = {}
  for (const size of sizes) {
    const plan = enrich(syntheticPlan(size, aliasAccounts(aliases)), declaredRoleArns)
    const input = spaceliftPlanInput(plan, STACK_ID)
    inputFiles[size] = path.join(outDir, inputFileName(size, aliases))
    writeFileSync(inputFiles[size], JSON.stringify(input))
  }
  return { bodyFile, dataFile, inputFiles }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, ...rest] = process.argv.slice(2)
  const aliasesAt = rest.indexOf('--aliases')
  const aliases = aliasesAt >= 0 ? Number(rest.splice(aliasesAt, 2)[1]) : ACCOUNTS.length
  if (!outDir || rest.some((size) => !/^[0-9]+$/.test(size))) {
    console.error('usage: node bench/plan-policy-inputs.mjs OUT_DIR [--aliases N] [SIZE...]')
    process.exit(2)
  }
  const sizes = rest.length > 0 ? rest.map(Number) : [1000, 10000]
  console.log(JSON.stringify(await writePlanPolicyInputs(outDir, sizes, { aliases }), null, 2))
}
