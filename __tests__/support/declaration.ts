/**
 * Builds Declaration objects for tests the way the loader would (defaults resolved, lists sorted),
 * from a compact description close to accounts.yaml. Not a parser: the inputs are trusted.
 */
import type {
  Access,
  AccountDeclaration,
  Declaration,
  ExternalIdMatch,
  HubPermissions,
  Partition,
  RoleRef,
  StackDeclaration
} from '../../src/config/accounts.js'
import { DEFAULT_BOOTSTRAP_ROLE, SPACELIFT_PRINCIPAL_ACCOUNT, type AwsReadDeclaration } from '../../src/config/accounts.js'

export interface AccountSpec {
  id: string
  /** "name" or "/path/name"; defaults to "spacelift-target". */
  role?: string
  region?: string
  externalId?: string | null
  bootstrapRole?: string
}

export interface StackSpec {
  accounts: string[]
  access?: Access
}

export interface DeclarationSpec {
  spacelift?: {
    account?: string
    region?: 'eu' | 'us'
    /** Self-hosted: replaces region. */
    awsAccountId?: string
    integrationId?: string | null
    sessionTags?: boolean
    externalIdMatch?: ExternalIdMatch
    spaceId?: string
  }
  partition?: Partition
  /** accounts.yaml policy.unverifiable (default deny). */
  unverifiable?: 'deny' | 'warn'
  hub?: { accountId?: string; role?: string; permissions?: HubPermissions; organizationId?: string | null; bootstrapRole?: string }
  awsRead?: AwsReadDeclaration | null
  accounts?: Record<string, AccountSpec>
  stacks?: Record<string, StackSpec>
}

export const INTEGRATION_ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ'

/** "name" -> {path: "/", name}; "/a/b/name" -> {path: "/a/b/", name}. */
export function roleRef(text: string): RoleRef {
  const cut = text.lastIndexOf('/')
  if (cut < 0) return { path: '/', name: text }
  return { path: text.slice(0, cut + 1), name: text.slice(cut + 1) }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The example of CONTRACT §1 unless overridden. */
export function buildDeclaration(spec: DeclarationSpec = {}): Declaration {
  const s = spec.spacelift ?? {}
  const selfHosted = s.awsAccountId !== undefined
  const accountSpecs: Record<string, AccountSpec> = spec.accounts ?? {
    prod: { id: '222222222222', externalId: 's3cr3t-prod' },
    staging: { id: '333333333333' }
  }
  const stackSpecs: Record<string, StackSpec> = spec.stacks ?? {
    'app-prod': { accounts: ['prod'] },
    networking: { accounts: ['prod', 'staging'] }
  }
  const accounts: AccountDeclaration[] = Object.entries(accountSpecs)
    .map(([alias, a]) => ({
      alias,
      id: a.id,
      role: roleRef(a.role ?? 'spacelift-target'),
      region: a.region ?? 'eu-west-1',
      externalId: a.externalId ?? null,
      bootstrapRole: roleRef(a.bootstrapRole ?? DEFAULT_BOOTSTRAP_ROLE)
    }))
    .sort((a, b) => byString(a.alias, b.alias))
  const stacks: StackDeclaration[] = Object.entries(stackSpecs)
    .map(([id, st]) => ({
      id,
      accounts: [...new Set(st.accounts)].sort(byString),
      access: st.access ?? 'read-write',
      space: '*',
      auth: 'integration' as const
    }))
    .sort((a, b) => byString(a.id, b.id))
  const region = selfHosted ? null : (s.region ?? 'eu')
  return {
    version: 1,
    spacelift: {
      account: s.account ?? 'acme',
      region,
      principalAccountId: region === null ? (s.awsAccountId as string) : SPACELIFT_PRINCIPAL_ACCOUNT[region],
      integrationId: s.integrationId === undefined ? INTEGRATION_ID : s.integrationId,
      sessionTags: s.sessionTags ?? false,
      externalIdMatch: s.externalIdMatch ?? 'exact',
      spaceId: s.spaceId ?? 'root',
      auth: 'integration',
      oidc: null
    },
    partition: spec.partition ?? 'aws',
    policy: { unverifiable: spec.unverifiable ?? 'deny' },
    hub: {
      accountId: spec.hub?.accountId ?? '111111111111',
      role: roleRef(spec.hub?.role ?? 'spacelift-hub'),
      permissions: spec.hub?.permissions ?? 'exact',
      organizationId: spec.hub?.organizationId ?? null,
      bootstrapRole: roleRef(spec.hub?.bootstrapRole ?? DEFAULT_BOOTSTRAP_ROLE)
    },
    awsRead: spec.awsRead ?? null,
    accounts,
    stacks
  }
}

/** `count` stacks named stack-0001..., each read-write on the given accounts. */
export function manyStacks(count: number, accounts: string[], prefix = 'service-stack'): Record<string, StackSpec> {
  const stacks: Record<string, StackSpec> = {}
  for (let i = 1; i <= count; i += 1) stacks[`${prefix}-${String(i).padStart(4, '0')}`] = { accounts }
  return stacks
}

/** The hub of a declaration or desired IAM that has one (every declaration above has). */
export function hubOf<T>(owner: { hub: T | null }): T {
  if (owner.hub === null) throw new Error('no hub')
  return owner.hub
}
