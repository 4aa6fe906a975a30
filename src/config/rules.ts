/**
 * The rules of CONTRACT §1 that a JSON Schema cannot express. They read the raw data defensively
 * (it may also have failed the schema), so the user sees every problem in one run. Each rule is
 * linear in the number of accounts and stacks.
 */
import { didYouMean } from './didYouMean.js'
import { configError, configWarning, type ConfigIssue } from './issues.js'
import { parseRoleRef } from './role.js'
import type { SourceIndex } from './sourceIndex.js'
import { appendAll } from '../common/append.js'
import { isObject } from '../common/json.js'

type Record_ = Record<string, unknown>

const stringAt = (record: Record_ | undefined, key: string): string | undefined => {
  const value = record?.[key]
  return typeof value === 'string' ? value : undefined
}
const entries = (value: unknown): [string, Record_][] =>
  isObject(value) ? Object.entries(value).filter((entry): entry is [string, Record_] => isObject(entry[1])) : []

/** CONTRACT §1 alias pattern (the schema reports aliases that break it). */
const ALIAS = /^[a-z][a-z0-9_]{0,62}$/

/** IAM caps a role's path at 512 characters. */
const MAX_ROLE_PATH = 512

export function ruleIssues(data: unknown, index: SourceIndex): ConfigIssue[] {
  if (!isObject(data)) return []
  return [
    ...spaceliftPrincipalRules(data),
    ...authRules(data),
    ...compactFormRules(data),
    ...roleRules(data),
    ...accountRules(data, index),
    ...stackRules(data, index),
    ...bootstrapRoleRules(data),
    ...awsReadRules(data)
  ]
}

/** `region` xor `aws_account_id`; Spacelift SaaS principals live in the aws partition. */
function spaceliftPrincipalRules(data: Record_): ConfigIssue[] {
  const spacelift = isObject(data.spacelift) ? data.spacelift : undefined
  if (!spacelift) return []
  const issues: ConfigIssue[] = []
  const selfHosted = spacelift.aws_account_id !== undefined
  if (selfHosted && spacelift.region !== undefined) {
    issues.push(
      configError(['spacelift', 'aws_account_id'], 'set either spacelift.region (Spacelift SaaS) or spacelift.aws_account_id (self-hosted), not both', 'key')
    )
  }
  const partition = stringAt(data, 'partition')
  if (partition !== undefined && partition !== 'aws' && !selfHosted) {
    const region = stringAt(spacelift, 'region') ?? 'eu'
    issues.push(
      configError(
        ['partition'],
        `partition ${partition} needs a self-hosted Spacelift (spacelift.aws_account_id): Spacelift SaaS (region ${region}) assumes roles from the aws partition`
      )
    )
  }
  return issues
}

/**
 * `spacelift.auth` (CONTRACT §1): the hub is needed by integration and both; Spacelift's OIDC host
 * cannot be guessed for a self-hosted Spacelift; the OIDC keys mean nothing with auth integration,
 * and a stack's own `auth` only chooses between the two ways in under both.
 */
function authRules(data: Record_): ConfigIssue[] {
  const spacelift = isObject(data.spacelift) ? data.spacelift : undefined
  if (!spacelift) return []
  const auth = stringAt(spacelift, 'auth') ?? 'integration'
  const issues: ConfigIssue[] = []
  if (auth !== 'oidc' && data.hub === undefined) {
    issues.push(
      configError([], `missing required key 'hub': spacelift.auth ${auth} reaches the accounts through the hub role (only auth: oidc needs no hub)`, 'key')
    )
  }
  if (auth === 'oidc' && data.hub !== undefined) {
    issues.push(
      configWarning(
        ['hub'],
        'spacelift.auth is oidc: no stack goes through the hub, so nothing is generated for it (remove hub, or use auth: both while moving)',
        'key'
      )
    )
  }
  const oidc = isObject(spacelift.oidc) ? spacelift.oidc : undefined
  if (auth === 'integration') {
    if (spacelift.oidc !== undefined) {
      issues.push(configError(['spacelift', 'oidc'], 'spacelift.oidc is read only with spacelift.auth: oidc or both; set auth, or remove oidc', 'key'))
    }
  } else if (spacelift.aws_account_id !== undefined && oidc?.host === undefined) {
    issues.push(
      configError(
        ['spacelift', 'auth'],
        `auth ${auth} with a self-hosted Spacelift (aws_account_id) needs spacelift.oidc.host: the hostname of your Spacelift server, as in the token's iss (https://<host>) and aud`
      )
    )
  }
  for (const [stack, declaration] of entries(data.stacks)) {
    if (declaration.auth !== undefined && auth !== 'both') {
      issues.push(
        configError(['stacks', stack, 'auth'], `a stack's auth chooses between the hub and OIDC only with spacelift.auth: both (it is ${auth})`, 'key')
      )
    }
    if (declaration.space !== undefined && auth === 'integration') {
      issues.push(
        configError(['stacks', stack, 'space'], "space is the Spacelift space in the stack's OIDC sub: set spacelift.auth to oidc or both, or remove it", 'key')
      )
    }
  }
  return issues
}

/**
 * What the compact forms need (CONTRACT §1): `external_id_match: integration` names the integration
 * in its one external ID pattern, so integration_id must be set (without it the pattern would match
 * every integration of the Spacelift account); `hub.permissions: organization` needs the
 * organization it limits the hub to.
 */
function compactFormRules(data: Record_): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const spacelift = isObject(data.spacelift) ? data.spacelift : undefined
  if (stringAt(spacelift, 'external_id_match') === 'integration' && spacelift?.integration_id === undefined) {
    issues.push(
      configError(
        ['spacelift', 'external_id_match'],
        'external_id_match: integration needs spacelift.integration_id: the hub trusts <account>@<integration_id>@*, and without the ID that would be every integration of the Spacelift account'
      )
    )
  }
  const hub = isObject(data.hub) ? data.hub : undefined
  if (stringAt(hub, 'permissions') === 'organization' && hub?.organization_id === undefined) {
    issues.push(
      configError(
        ['hub', 'permissions'],
        "permissions: organization needs hub.organization_id (o-...): the hub may then assume the target role names in that organization's accounts only"
      )
    )
  }
  return issues
}

/**
 * Role names and paths by IAM's rules (the schema checks the characters, [\w+=,.@-]): a name of
 * 1-64 characters, a path of at most 512 that begins and ends with "/"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). "." and ".." fit IAM's
 * character set but are refused: they would be read as directories in the files `render` writes
 * (iam/<account>/<name>.trust.json) and in role ARNs they read like a path that climbs.
 */
function roleRules(data: Record_): ConfigIssue[] {
  const hub = isObject(data.hub) ? data.hub : undefined
  const defaults = isObject(data.defaults) ? data.defaults : undefined
  const roles: [string[], string | undefined][] = [
    [['hub', 'role'], stringAt(hub, 'role')],
    [['hub', 'bootstrap_role'], stringAt(hub, 'bootstrap_role')],
    [['defaults', 'role'], stringAt(defaults, 'role')],
    [['defaults', 'bootstrap_role'], stringAt(defaults, 'bootstrap_role')],
    [['aws_read', 'role'], stringAt(isObject(data.aws_read) ? data.aws_read : undefined, 'role')],
    ...entries(data.accounts).flatMap(([alias, account]): [string[], string | undefined][] => [
      [['accounts', alias, 'role'], stringAt(account, 'role')],
      [['accounts', alias, 'bootstrap_role'], stringAt(account, 'bootstrap_role')]
    ])
  ]
  const issues: ConfigIssue[] = []
  for (const [path, role] of roles) {
    if (role === undefined) continue
    const ref = parseRoleRef(role)
    if (ref.path.length > MAX_ROLE_PATH) {
      issues.push(configError(path, `the role path is longer than IAM's ${MAX_ROLE_PATH} characters`))
    }
    if (ref.name === '.' || ref.name === '..') {
      issues.push(
        configError(
          path,
          `role name ${JSON.stringify(ref.name)} is refused: it would be read as a directory in the generated files and in the role ARN; IAM role names are 1-64 of A-Z a-z 0-9 _+=,.@- (use letters or digits too)`
        )
      )
    }
    if (ref.path.split('/').some((segment) => segment === '.' || segment === '..')) {
      issues.push(
        configError(path, `role path ${JSON.stringify(ref.path)} has a "." or ".." segment; refused (IAM paths are /segment/.../, each segment a plain name)`)
      )
    }
  }
  return issues
}

/**
 * Role and region present here or in defaults; region within the partition; one alias per
 * account ID; no target role that is the hub role itself. A target role in the hub account is
 * fine (a stack may manage the shared-services account), as long as it is another role.
 */
function accountRules(data: Record_, index: SourceIndex): ConfigIssue[] {
  const defaults = isObject(data.defaults) ? data.defaults : undefined
  const partition = stringAt(data, 'partition') ?? 'aws'
  const hub = isObject(data.hub) ? data.hub : undefined
  const hubId = stringAt(hub, 'account_id')
  const hubRole = stringAt(hub, 'role')
  const issues: ConfigIssue[] = []
  const aliasById = new Map<string, string>()

  const defaultRegion = stringAt(defaults, 'region')
  if (defaultRegion !== undefined) appendAll(issues, regionPartitionIssues(['defaults', 'region'], defaultRegion, partition))

  const withoutRole: string[] = []
  const withoutRegion: string[] = []
  for (const [alias, account] of entries(data.accounts)) {
    const role = stringAt(account, 'role') ?? stringAt(defaults, 'role')
    if (account.role === undefined && defaults?.role === undefined) withoutRole.push(alias)
    if (account.region === undefined && defaults?.region === undefined) withoutRegion.push(alias)
    const region = stringAt(account, 'region')
    if (region !== undefined) appendAll(issues, regionPartitionIssues(['accounts', alias, 'region'], region, partition))

    const id = stringAt(account, 'id')
    if (id === undefined) continue
    const earlier = aliasById.get(id)
    if (earlier !== undefined) {
      const { line } = index.locate(['accounts', earlier, 'id'])
      issues.push(configError(['accounts', alias, 'id'], `account ${id} is already declared as '${earlier}' (line ${line}): use one alias per account`))
    } else {
      aliasById.set(id, alias)
    }
    if (id === hubId && role !== undefined && hubRole !== undefined && sameRole(role, hubRole)) {
      issues.push(
        configError(
          ['accounts', alias, account.role === undefined ? 'id' : 'role'],
          `this target role is the hub role itself (${hubRole} in ${id}): give the target role in the hub account another name ` +
            '(IAM role names are unique in an account whatever the path and case)'
        )
      )
    }
  }
  appendAll(issues, missingFieldIssues('role', withoutRole), missingFieldIssues('region', withoutRegion))
  return issues
}

/** One error per account that lacks the field, or a single one when many do (a missing default). */
function missingFieldIssues(field: 'role' | 'region', aliases: string[]): ConfigIssue[] {
  if (aliases.length <= 3) {
    return aliases.map((alias) => configError(['accounts', alias], `no ${field}: set accounts.${alias}.${field} or defaults.${field}`, 'key'))
  }
  const named = `${aliases.slice(0, 3).join(', ')} and ${aliases.length - 3} more`
  return [configError(['accounts'], `${aliases.length} accounts have no ${field} (${named}): set defaults.${field}, or ${field} in each account`, 'key')]
}

/**
 * Whether two role references name one IAM role of an account: role names are unique in an account
 * whatever the path, and "Names are not distinguished by case" (so /a/Hub and /b/hub are one role).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName)
 */
function sameRole(a: string, b: string): boolean {
  return parseRoleRef(a).name.toLowerCase() === parseRoleRef(b).name.toLowerCase()
}

/** The partition a region belongs to; undefined for partitions this tool does not support. */
function partitionOfRegion(region: string): string | undefined {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (/^[a-z]{2}-iso[a-z]*-/.test(region)) return undefined
  return 'aws'
}

function regionPartitionIssues(path: string[], region: string, partition: string): ConfigIssue[] {
  const regionPartition = partitionOfRegion(region)
  if (regionPartition === undefined) {
    return [configError(path, `region ${region} is in an isolated AWS partition, which stack-accounts does not support`)]
  }
  if (regionPartition !== partition) {
    return [configError(path, `region ${region} is in partition ${regionPartition}, but partition is ${partition}`)]
  }
  return []
}

/** Every alias a stack lists exists, once; every account is listed by some stack (else a warning). */
function stackRules(data: Record_, index: SourceIndex): ConfigIssue[] {
  // Without a mapping of accounts (already an error), every alias would look unknown: say nothing more.
  if (!isObject(data.accounts)) return []
  const declared = new Set(Object.keys(data.accounts))
  const reached = new Set<string>()
  const issues: ConfigIssue[] = []
  for (const [stack, declaration] of entries(data.stacks)) {
    if (!Array.isArray(declaration.accounts)) continue
    const firstPosition = new Map<string, number>()
    declaration.accounts.forEach((alias: unknown, position: number) => {
      if (typeof alias !== 'string') return
      const path = ['stacks', stack, 'accounts', position]
      const earlier = firstPosition.get(alias)
      if (earlier !== undefined) {
        const { line, column } = index.locate(['stacks', stack, 'accounts', earlier])
        issues.push(configError(path, `'${alias}' is listed twice (first at line ${line}, column ${column}): list each account once`))
        return
      }
      firstPosition.set(alias, position)
      if (declared.has(alias)) {
        reached.add(alias)
        return
      }
      const suggestion = didYouMean(alias, declared)
      const hint = suggestion ? `; did you mean '${suggestion}'?` : ': declare it under accounts'
      issues.push(configError(path, `unknown account alias '${alias}'${hint}`))
    })
  }
  if (isObject(data.stacks)) {
    for (const alias of declared) {
      if (!reached.has(alias) && ALIAS.test(alias)) {
        issues.push(configWarning(['accounts', alias], 'no stack lists this account: nothing is generated for it', 'key'))
      }
    }
  }
  return issues
}

/**
 * terraform/iam/ has one provider per account ID: the hub account and an account declared with the
 * hub's ID share it, so they must not name two different bootstrap roles.
 */
function bootstrapRoleRules(data: Record_): ConfigIssue[] {
  const hub = isObject(data.hub) ? data.hub : undefined
  const hubBootstrap = stringAt(hub, 'bootstrap_role')
  const hubId = stringAt(hub, 'account_id')
  if (hubBootstrap === undefined || hubId === undefined) return []
  return entries(data.accounts)
    .filter(([, account]) => stringAt(account, 'id') === hubId && stringAt(account, 'bootstrap_role') !== undefined)
    .filter(([, account]) => stringAt(account, 'bootstrap_role') !== hubBootstrap)
    .map(([alias]) =>
      configError(
        ['accounts', alias, 'bootstrap_role'],
        `account ${hubId} is the hub account, whose bootstrap role hub.bootstrap_role names (${hubBootstrap}): terraform/iam/ uses one role per account; set it in one place`
      )
    )
}

/**
 * The read role (aws_read.role) goes into the hub account and every declared account: it must not
 * be the hub role or a target role there (IAM role names are unique in an account, whatever the
 * path and case), and a trusted role ARN must be in the declared partition.
 */
function awsReadRules(data: Record_): ConfigIssue[] {
  const awsRead = isObject(data.aws_read) ? data.aws_read : undefined
  const readRole = stringAt(awsRead, 'role')
  if (awsRead === undefined) return []
  const issues: ConfigIssue[] = []
  // CI enters through the hub account's read role; without a hub there is nowhere to enter.
  if (!isObject(data.hub)) issues.push(configError(['aws_read'], 'needs hub: the read role of the hub account is the one CI assumes first'))
  const partition = stringAt(data, 'partition') ?? 'aws'
  if (Array.isArray(awsRead.trusted)) {
    awsRead.trusted.forEach((trusted: unknown, position: number) => {
      if (typeof trusted === 'string' && trusted.startsWith('arn:') && !trusted.startsWith(`arn:${partition}:`)) {
        issues.push(configError(['aws_read', 'trusted', position], `this role is not in partition ${partition}, where the read role is`))
      }
    })
  }
  if (readRole === undefined) return issues
  const hub = isObject(data.hub) ? data.hub : undefined
  const hubRole = stringAt(hub, 'role')
  if (hubRole !== undefined && sameRole(readRole, hubRole)) {
    issues.push(configError(['aws_read', 'role'], `the read role would be the hub role itself (${hubRole}): give it another name`))
  }
  const defaults = isObject(data.defaults) ? data.defaults : undefined
  const clashes = entries(data.accounts)
    .filter(([, account]) => {
      const role = stringAt(account, 'role') ?? stringAt(defaults, 'role')
      return role !== undefined && sameRole(readRole, role)
    })
    .map(([alias]) => alias)
  if (clashes.length > 0) {
    issues.push(
      configError(
        ['aws_read', 'role'],
        `the read role would be the target role of ${clashes.slice(0, 3).join(', ')}${clashes.length > 3 ? ` and ${clashes.length - 3} more` : ''}: give it another name (IAM role names are unique in an account whatever the path and case)`
      )
    )
  }
  return issues
}
