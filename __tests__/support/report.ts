/**
 * Builds realistic DiffReport objects (src/diff/diffReport.ts) for tests of the renderers and the
 * action, shaped as the diff produces them for a declaration like CONTRACT §1's example.
 */
import type { PolicyDocument } from '../../src/iamDocument/types.js'
import type { DiffReport, PolicyChange, RoleReport } from '../../src/diff/diffReport.js'

export const HUB_ID = '111111111111'
export const SPACELIFT_EU = '324880187172'

export function hubTrust(stacks: readonly string[], account = 'acme'): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SPACELIFT_EU}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          StringLike: { 'sts:ExternalId': stacks.flatMap((s) => [`${account}@*@${s}@read`, `${account}@*@${s}@write`]) }
        }
      }
    ]
  }
}

export function targetTrust(externalId: string | null = null, hubRole = 'spacelift-hub'): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${HUB_ID}:role/${hubRole}` },
        Action: 'sts:AssumeRole',
        ...(externalId === null ? {} : { Condition: { StringEquals: { 'sts:ExternalId': externalId } } })
      }
    ]
  }
}

export function hubPermissions(targetArns: readonly string[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [...targetArns] }] }
}

export interface TargetOptions {
  alias: string
  id: string
  role?: string
  path?: string
  status?: RoleReport['status']
  widens?: boolean
  changes?: PolicyChange[]
  stacks?: string[]
  desired?: PolicyDocument
  existing?: PolicyDocument | null
}

export function targetRole(o: TargetOptions): RoleReport {
  const name = o.role ?? 'spacelift-target'
  const path = o.path ?? '/'
  const status = o.status ?? 'create'
  const desired = o.desired ?? targetTrust()
  const existing = o.existing !== undefined ? o.existing : status === 'create' ? null : targetTrust('old-secret')
  return {
    account_id: o.id,
    role_name: name,
    role_path: path,
    arn: `arn:aws:iam::${o.id}:role${path}${name}`,
    kind: 'target',
    alias: o.alias,
    profile: o.alias,
    status,
    widens: o.widens ?? false,
    changes:
      o.changes ??
      (status === 'create'
        ? [{ kind: 'role-created', detail: `Role ${name} does not exist yet in ${o.id}.`, widens: true }]
        : status === 'update'
          ? [{ kind: 'condition-removed', detail: 'sts:ExternalId is no longer required.', widens: o.widens ?? false }]
          : []),
    desired,
    existing: status === 'create' ? null : existing,
    source: status === 'create' ? null : `existing/${o.id}/${name}.json`,
    stacks: o.stacks ?? ['app-prod']
  }
}

export function hubRole(stacks: readonly string[], targets: readonly RoleReport[], status: RoleReport['status'] = 'update'): RoleReport {
  const desired = hubTrust(stacks)
  return {
    account_id: HUB_ID,
    role_name: 'spacelift-hub',
    role_path: '/',
    arn: `arn:aws:iam::${HUB_ID}:role/spacelift-hub`,
    kind: 'hub',
    alias: null,
    profile: 'hub',
    status,
    widens: status !== 'unchanged',
    changes: status === 'unchanged' ? [] : [{ kind: 'external-id-added', detail: `External IDs added for ${stacks.length} stacks.`, widens: true }],
    desired,
    existing: status === 'create' ? null : hubTrust(stacks.slice(0, 1)),
    source: status === 'create' ? null : `existing/${HUB_ID}/spacelift-hub.json`,
    stacks: [...stacks],
    permissions: {
      status: 'update',
      widens: true,
      changes: [{ kind: 'resource-added', detail: 'May assume new target roles.', widens: true }],
      desired: hubPermissions(targets.map((t) => t.arn)),
      existing: hubPermissions(targets.slice(0, 1).map((t) => t.arn))
    }
  }
}

export function buildReport(roles: RoleReport[], extra: Partial<DiffReport> = {}): DiffReport {
  const changed = (r: RoleReport): boolean => r.status !== 'unchanged' || (r.permissions !== undefined && r.permissions.status !== 'unchanged')
  return {
    summary: {
      create: roles.filter((r) => r.status === 'create').length,
      update: roles.filter((r) => r.status === 'update').length,
      unchanged: roles.filter((r) => !changed(r)).length,
      widening: roles.filter((r) => r.widens || r.permissions?.widens === true).length
    },
    roles,
    errors: [],
    warnings: [],
    ...extra
  }
}

/** An organisation of `count` accounts, one stack each, every target role to create, plus the hub. */
export function organisationReport(count: number): DiffReport {
  const targets = Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(4, '0')
    return targetRole({ alias: `account_${n}`, id: String(200000000000 + i), stacks: [`stack-${n}`] })
  })
  const hub = hubRole(
    targets.map((t) => t.stacks[0] as string),
    targets
  )
  return buildReport([hub, ...targets])
}
