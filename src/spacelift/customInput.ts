/**
 * What the after_plan hook (policies/hook/after_plan.sh) writes to
 * stack_accounts.custom.spacelift.json, computed from a `terraform show -json` plan: the same
 * filter as the hook's jq program, field for field and in the same key order, so the PR-side
 * evaluation sees what Spacelift's policy sees (the parity test runs both on the same plans).
 *
 * Kept: each provider configuration's name, full_name, alias, module_address, a for_each marker
 * and only the role_arn expression of its assume_role / assume_role_with_web_identity blocks;
 * each resource's address, mode, type and provider_config_key (module_calls recursively); and only
 * the root variables a root provider's role_arn is exactly (`var.NAME`), when their value is a string.
 */
import { compareStrings } from '../compareStrings.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

export interface StackAccountsCustomInput {
  terraform_version: Json
  format_version: Json
  configuration: { provider_config: Record<string, JsonObject>; root_module: ModuleConfiguration }
  variables: Record<string, { value: string }>
}

export interface ModuleConfiguration {
  resources: Array<{ address: Json; mode: Json; type: Json; provider_config_key: Json }>
  module_calls: Record<string, { module: ModuleConfiguration }>
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** jq's `.key` on an object or null (missing and null both give null). */
function field(value: unknown, key: string): Json {
  return isObject(value) ? (value[key] ?? null) : null
}

/** jq's `with_entries(select(.value != null))`. */
function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null))
}

function roleExpression(value: Json): Json {
  if (!isObject(value)) return null
  return withoutNulls({ constant_value: field(value, 'constant_value'), references: field(value, 'references') })
}

function roleBlocks(value: Json): Json[] {
  if (!Array.isArray(value)) return []
  return value.map((block) => ({ role_arn: roleExpression(field(block, 'role_arn')) }))
}

function references(value: Json): Json {
  return field(value, 'references') ?? []
}

function providerConfiguration(config: Json): JsonObject {
  const expressions = field(config, 'expressions')
  const filteredExpressions: JsonObject = {}
  const assumeRole = field(expressions, 'assume_role')
  if (assumeRole !== null) filteredExpressions.assume_role = roleBlocks(assumeRole)
  const webIdentity = field(expressions, 'assume_role_with_web_identity')
  if (webIdentity !== null) filteredExpressions.assume_role_with_web_identity = roleBlocks(webIdentity)
  const forEach = field(expressions, 'for_each')
  if (forEach !== null) filteredExpressions.for_each = { references: references(forEach) }

  const result: JsonObject = {
    name: field(config, 'name'),
    full_name: field(config, 'full_name'),
    alias: field(config, 'alias'),
    module_address: field(config, 'module_address')
  }
  const forEachExpression = field(config, 'for_each_expression')
  if (forEachExpression !== null) result.for_each_expression = { references: references(forEachExpression) }
  result.expressions = filteredExpressions
  return withoutNulls(result)
}

function moduleConfiguration(module: Json): ModuleConfiguration {
  const resources = field(module, 'resources') ?? []
  const calls = field(module, 'module_calls') ?? {}
  return {
    resources: (Array.isArray(resources) ? resources : Object.values(resources as JsonObject)).map((resource) => ({
      address: field(resource, 'address'),
      mode: field(resource, 'mode'),
      type: field(resource, 'type'),
      provider_config_key: field(resource, 'provider_config_key')
    })),
    module_calls: Object.fromEntries(
      Object.entries(isObject(calls) ? calls : {}).map(([name, call]) => [name, { module: moduleConfiguration(field(call, 'module') ?? {}) }])
    )
  }
}

const VARIABLE_REFERENCE = /^var\.[A-Za-z_][A-Za-z0-9_-]*$/

/** Root variables that some root provider's role_arn is exactly: sorted, unique (jq's `unique`). */
function referencedVariables(providerConfigs: JsonObject): string[] {
  const names = new Set<string>()
  for (const config of Object.values(providerConfigs)) {
    if (field(config, 'module_address') !== null) continue
    const expressions = field(config, 'expressions')
    for (const blocks of [field(expressions, 'assume_role'), field(expressions, 'assume_role_with_web_identity')]) {
      if (!Array.isArray(blocks)) continue
      for (const block of blocks) {
        const refs = field(field(block, 'role_arn'), 'references') ?? []
        if (!Array.isArray(refs) || refs.length !== 1) continue
        const [reference] = refs
        if (typeof reference === 'string' && VARIABLE_REFERENCE.test(reference)) names.add(reference.slice('var.'.length))
      }
    }
  }
  return [...names].sort(compareStrings)
}


/** The custom input the after_plan hook exports for this plan (`terraform show -json` output). */
export function stackAccountsCustomInput(plan: unknown): StackAccountsCustomInput {
  const configuration = field(plan, 'configuration')
  const providerConfigs = field(configuration, 'provider_config') ?? {}
  const providerObject = isObject(providerConfigs) ? providerConfigs : {}
  const planVariables = field(plan, 'variables')
  const variables: Record<string, { value: string }> = {}
  for (const name of referencedVariables(providerObject)) {
    const value = field(field(planVariables, name), 'value')
    if (typeof value === 'string') variables[name] = { value }
  }
  return {
    terraform_version: field(plan, 'terraform_version'),
    format_version: field(plan, 'format_version'),
    configuration: {
      provider_config: Object.fromEntries(Object.entries(providerObject).map(([key, config]) => [key, providerConfiguration(config)])),
      root_module: moduleConfiguration(field(configuration, 'root_module') ?? {})
    },
    variables
  }
}
