/**
 * What the after_plan hook (policies/hook/after_plan.sh) writes to
 * stack_accounts.custom.spacelift.json, computed from a `terraform show -json` plan: the same
 * filter as the hook's jq program, field for field and in the same key order, so the PR-side
 * evaluation sees what Spacelift's policy sees (the parity test runs both on the same plans).
 *
 * Kept: each provider configuration's name, full_name, alias, module_address, the names of its
 * arguments, its for_each and allowed_account_ids expressions (constant values only where they are
 * strings or collections of strings) and only the role_arn expression of its assume_role /
 * assume_role_with_web_identity blocks; every resource block of every module, flat, with its
 * module_address, address, mode, type and provider_config_key (scalar values only); no variable
 * values (a role_arn given by a variable shows as its references only, whatever the expression).
 * A document that is not a plan (no configuration object, or neither planned_values nor
 * resource_changes: a state file, `{"format_version": "1.2"}`) gives null: the hook writes nothing.
 */
import { compareStrings } from '../common/compareStrings.js'
import { isObject, type Json } from '../common/json.js'

type JsonObject = { [key: string]: Json }
type Scalar = null | boolean | number | string

export interface StackAccountsCustomInput {
  terraform_version: Scalar
  format_version: Scalar
  configuration: { provider_config: Record<string, JsonObject>; resources: ConfigurationResource[] }
}

export interface ConfigurationResource {
  module_address: string
  address: Scalar
  mode: Scalar
  type: Scalar
  provider_config_key: Scalar
}

function isScalar(value: unknown): value is Scalar {
  return value === null || (typeof value !== 'object' && value !== undefined)
}

/** jq's `.key` on an object or null (missing and null both give null). */
function field(value: unknown, key: string): Json {
  return isObject(value) ? ((value[key] ?? null) as Json) : null
}

/** jq's `with_entries(select(.value != null))`. */
function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null))
}

function objectOrEmpty(value: Json): JsonObject {
  return isObject(value) ? value : {}
}

/** A string, or an object or array of strings; null otherwise (the hook's strings_only). */
function stringsOnly(value: Json): Json {
  if (isObject(value)) return Object.values(value).every((item) => typeof item === 'string') ? value : null
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? value : null
  return null
}

function roleExpression(value: Json): Json {
  if (!isObject(value)) return null
  const constant = field(value, 'constant_value')
  const references = field(value, 'references')
  return withoutNulls({ constant_value: typeof constant === 'string' ? constant : null, references: Array.isArray(references) ? references : null })
}

function collectionExpression(value: Json): Json {
  if (!isObject(value)) return null
  const references = field(value, 'references')
  const result: JsonObject = { references: Array.isArray(references) ? references : [] }
  const constant = stringsOnly(field(value, 'constant_value'))
  if (constant !== null) result.constant_value = constant
  return result
}

function roleBlocks(value: Json): Json[] {
  if (!Array.isArray(value)) return []
  return value.map((block) => ({ role_arn: roleExpression(field(objectOrEmpty(block), 'role_arn')) }))
}

function providerConfiguration(input: Json): JsonObject {
  const config = objectOrEmpty(input)
  const rawExpressions = field(config, 'expressions')
  const expressions = objectOrEmpty(rawExpressions)
  const result: JsonObject = {
    name: field(config, 'name'),
    full_name: field(config, 'full_name'),
    alias: field(config, 'alias'),
    module_address: field(config, 'module_address')
  }
  const forEachExpression = field(config, 'for_each_expression')
  if (forEachExpression !== null) result.for_each_expression = collectionExpression(forEachExpression)
  if (isObject(rawExpressions)) result.arguments = Object.keys(rawExpressions).sort(compareStrings)
  const filtered: JsonObject = {}
  const assumeRole = field(expressions, 'assume_role')
  if (assumeRole !== null) filtered.assume_role = roleBlocks(assumeRole)
  const webIdentity = field(expressions, 'assume_role_with_web_identity')
  if (webIdentity !== null) filtered.assume_role_with_web_identity = roleBlocks(webIdentity)
  const forEach = field(expressions, 'for_each')
  if (forEach !== null) filtered.for_each = collectionExpression(forEach)
  const allowedAccountIds = field(expressions, 'allowed_account_ids')
  if (allowedAccountIds !== null) filtered.allowed_account_ids = collectionExpression(allowedAccountIds)
  result.expressions = filtered
  return withoutNulls(result)
}

const RESOURCE_FIELDS = ['address', 'mode', 'type', 'provider_config_key'] as const

/**
 * Every resource block of the module tree, flat, in the hook's order (module address, then
 * position in its module). Only the four fields, and only scalar values; a resource with none of
 * them is left out, as the hook's stream of leaves never sees it.
 */
function configurationResources(rootModule: Json): ConfigurationResource[] {
  const found: Array<ConfigurationResource & { index: number }> = []
  // An explicit stack, not recursion: module trees of any depth.
  const pending: Array<[string, Json]> = [['', rootModule]]
  while (pending.length > 0) {
    const [moduleAddress, module] = pending.pop() as [string, Json]
    if (!isObject(module)) continue
    const resources = module.resources
    if (Array.isArray(resources)) {
      resources.forEach((resource, index) => {
        if (!isObject(resource)) return
        const values = RESOURCE_FIELDS.map((name) => resource[name])
        if (!values.some((value) => value !== undefined && isScalar(value))) return
        const [address, mode, type, providerConfigKey] = values.map<Scalar>((value) => (value !== undefined && isScalar(value) ? value : null))
        found.push({
          index,
          module_address: moduleAddress,
          address: address ?? null,
          mode: mode ?? null,
          type: type ?? null,
          provider_config_key: providerConfigKey ?? null
        })
      })
    }
    const calls = module.module_calls
    if (!isObject(calls)) continue
    for (const [name, call] of Object.entries(calls)) {
      const child = field(call, 'module')
      if (child === null) continue
      pending.push([moduleAddress === '' ? `module.${name}` : `${moduleAddress}.module.${name}`, child])
    }
  }
  found.sort((a, b) => compareStrings(a.module_address, b.module_address) || a.index - b.index)
  return found.map(({ index: _index, ...resource }) => resource)
}

/** Whether a document is the JSON of a saved plan, as the hook decides it. */
export function isPlanDocument(plan: unknown): boolean {
  if (!isObject(plan)) return false
  const configuration = plan.configuration
  if (!isObject(configuration) || !(isObject(plan.planned_values) || Array.isArray(plan.resource_changes))) return false
  // The hook rebuilds provider_config from its leaves: a non-empty array there makes it fail.
  const providers = configuration.provider_config
  return !(Array.isArray(providers) && providers.length > 0)
}

/**
 * The custom input the after_plan hook exports for this plan (`terraform show -json` output),
 * or null where the hook refuses the document (not a plan).
 */
export function stackAccountsCustomInput(plan: unknown): StackAccountsCustomInput | null {
  if (!isPlanDocument(plan)) return null
  const configuration = field(plan, 'configuration')
  const providerObject = objectOrEmpty(field(configuration, 'provider_config'))
  const providers: Record<string, JsonObject> = Object.fromEntries(Object.entries(providerObject).map(([key, config]) => [key, providerConfiguration(config)]))
  const version = (name: string): Scalar => {
    const value = field(plan, name)
    return isScalar(value) ? value : null
  }
  return {
    terraform_version: version('terraform_version'),
    format_version: version('format_version'),
    configuration: { provider_config: providers, resources: configurationResources(field(configuration, 'root_module')) }
  }
}
