/**
 * Validated raw data -> Declaration: defaults resolved, Spacelift's principal decided, lists
 * sorted. Only called once the schema and the rules found no error, so the shapes are known.
 */
import {
  SPACELIFT_PRINCIPAL_ACCOUNT,
  saasOidcHost,
  DEFAULT_BOOTSTRAP_ROLE,
  type Access,
  type Auth,
  type OidcSettings,
  type StackAuth,
  type AccountDeclaration,
  type Declaration,
  type ExternalIdMatch,
  type HubPermissions,
  type Partition,
  type StackDeclaration,
  type Unverifiable
} from './accounts.js'
import { parseRoleRef } from './role.js'
import { compareStrings } from '../common/compareStrings.js'

/** The shape schema/accounts.schema.json guarantees. */
export interface RawConfig {
  version: 1
  spacelift: {
    account: string
    region?: 'eu' | 'us'
    aws_account_id?: string
    integration_id?: string
    session_tags?: boolean
    external_id_match?: ExternalIdMatch
    space_id?: string
    auth?: Auth
    oidc?: { host?: string; space?: string }
  }
  partition?: Partition
  policy?: { unverifiable?: Unverifiable }
  hub?: { account_id: string; role: string; permissions?: HubPermissions; organization_id?: string; bootstrap_role?: string }
  defaults?: { role?: string; region?: string; bootstrap_role?: string }
  accounts: Record<string, { id: string; role?: string; region?: string; external_id?: string; bootstrap_role?: string }>
  aws_read?: { role: string; trusted: string[] }
  stacks: Record<string, { accounts: string[]; access?: Access; space?: string; auth?: StackAuth }>
}

export function buildDeclaration(raw: RawConfig): Declaration {
  const { spacelift } = raw
  const region = spacelift.aws_account_id === undefined ? (spacelift.region ?? 'eu') : null
  const auth = spacelift.auth ?? 'integration'
  // The rules guarantee a host where Spacelift is self-hosted.
  const oidc: OidcSettings | null =
    auth === 'integration'
      ? null
      : { host: spacelift.oidc?.host ?? (region === null ? '' : saasOidcHost(spacelift.account, region)), space: spacelift.oidc?.space ?? '*' }
  const stackAuth = (declared: StackAuth | undefined): StackAuth => (auth === 'both' ? (declared ?? 'integration') : auth)
  const accounts: AccountDeclaration[] = Object.entries(raw.accounts)
    .map(([alias, account]) => ({
      alias,
      id: account.id,
      // The rules guarantee role and region exist here or in defaults.
      role: parseRoleRef(account.role ?? raw.defaults?.role ?? ''),
      region: account.region ?? raw.defaults?.region ?? '',
      externalId: account.external_id ?? null,
      bootstrapRole: parseRoleRef(account.bootstrap_role ?? raw.defaults?.bootstrap_role ?? DEFAULT_BOOTSTRAP_ROLE)
    }))
    .sort((a, b) => compareStrings(a.alias, b.alias))
  const stacks: StackDeclaration[] = Object.entries(raw.stacks)
    .map(([id, stack]) => ({
      id,
      accounts: [...new Set(stack.accounts)].sort(compareStrings),
      access: stack.access ?? 'read-write',
      space: stack.space ?? oidc?.space ?? '*',
      auth: stackAuth(stack.auth)
    }))
    .sort((a, b) => compareStrings(a.id, b.id))
  return {
    version: 1,
    spacelift: {
      account: spacelift.account,
      region,
      principalAccountId: region === null ? (spacelift.aws_account_id ?? '') : SPACELIFT_PRINCIPAL_ACCOUNT[region],
      integrationId: spacelift.integration_id ?? null,
      sessionTags: spacelift.session_tags ?? false,
      externalIdMatch: spacelift.external_id_match ?? 'exact',
      spaceId: spacelift.space_id ?? 'root',
      auth,
      oidc
    },
    partition: raw.partition ?? 'aws',
    policy: { unverifiable: raw.policy?.unverifiable ?? 'deny' },
    hub:
      raw.hub === undefined
        ? null
        : {
            accountId: raw.hub.account_id,
            role: parseRoleRef(raw.hub.role),
            permissions: raw.hub.permissions ?? 'exact',
            organizationId: raw.hub.organization_id ?? null,
            bootstrapRole: parseRoleRef(
              raw.hub.bootstrap_role ??
                Object.values(raw.accounts).find((account) => account.id === raw.hub?.account_id)?.bootstrap_role ??
                raw.defaults?.bootstrap_role ??
                DEFAULT_BOOTSTRAP_ROLE
            )
          },
    awsRead:
      raw.aws_read === undefined
        ? null
        : {
            role: parseRoleRef(raw.aws_read.role),
            trusted: [...new Set(raw.aws_read.trusted)].sort(compareStrings)
          },
    accounts,
    stacks
  }
}
