/**
 * Spacelift's OIDC token straight into a target role (CONTRACT §2, `spacelift.auth` oidc/both).
 *
 * What Spacelift documents
 * (https://github.com/spacelift-io/user-documentation/blob/main/docs/integrations/cloud-providers/oidc/README.md,
 * .../oidc/aws-oidc.md):
 * - every run gets a token, `SPACELIFT_OIDC_TOKEN` and the file `/mnt/workspace/spacelift.oidc`,
 *   valid for one hour;
 * - `iss` is `https://<host>`, `aud` is `<host>`, the hostname of the Spacelift account: unique to
 *   the account, so a token of another Spacelift account names another provider and audience;
 * - `sub` is `space:<space_id>:(stack|module):<id>:run_type:<run_type>:scope:<read|write>` unless the
 *   organisation set a custom subject template (subject-template.md; not supported here);
 * - scopes: proposed runs `read`; tracked runs of a stack without autodeploy `read` while planning,
 *   `write` while applying; tracked runs with autodeploy, tasks, testing and destroy runs `write`;
 * - with the stack label `feature:aws_oidc_session_tagging` Spacelift passes the transitive session
 *   tags run, stack and space, and the trust must allow `sts:TagSession` as well.
 *
 * IAM reads `<host>:aud` and `<host>:sub` from the token of an OIDC provider whose ARN is
 * `arn:<partition>:iam::<account>:oidc-provider/<host>`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 * Space IDs, stack IDs and run types hold no `:`, so each pattern below can only match a `sub` of
 * its own stack: `*` stands for the run type and scope (and the space where it is `*`), never for
 * a `:`-separated field of another stack.
 */
import type { Declaration, OidcSettings, Partition, StackDeclaration } from '../../config/accounts.js'
import type { PolicyStatement } from '../../iamDocument/types.js'
import { InputError } from '../../common/diagnostics.js'
import { stringOrList } from './policyValues.js'

export const OIDC_SID = 'SpaceliftWebIdentity'
/** The file where Spacelift writes every run's OIDC token. */
export const OIDC_TOKEN_FILE = '/mnt/workspace/spacelift.oidc'
export const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity'

/** `arn:<partition>:iam::<account>:oidc-provider/<host>`: the IAM identity provider for Spacelift in one account. */
export function oidcProviderArn(partition: Partition, accountId: string, host: string): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${host}`
}

/** The `sub` pattern a stack's tokens match: any run type and scope, or only `read` for a read-only stack. */
export function stackSubjectPattern(stack: Pick<StackDeclaration, 'id' | 'access' | 'space'>): string {
  // The schema keeps these out; a `:`, `*` or `?` in a stack ID, or `:`/`?` in a space, would let
  // the pattern match another stack's tokens.
  if (/[:*?]/.test(stack.id) || /[:?]/.test(stack.space) || (stack.space.includes('*') && stack.space !== '*')) {
    throw new InputError(`stack ${JSON.stringify(stack.id)} (space ${JSON.stringify(stack.space)}) cannot be written into an OIDC sub pattern`)
  }
  const scope = stack.access === 'read-only' ? 'read' : '*'
  return `space:${stack.space}:stack:${stack.id}:run_type:*:scope:${scope}`
}

/**
 * The statement letting the listed stacks' tokens assume the role: provider of this account,
 * audience the Spacelift host, `sub` one of the stacks' patterns; with session tags, sts:TagSession
 * under the same principal and conditions.
 */
export function oidcTrustStatement(decl: Declaration, oidc: OidcSettings, accountId: string, stacks: readonly StackDeclaration[]): PolicyStatement {
  const actions = decl.spacelift.sessionTags ? [WEB_IDENTITY_ACTION, 'sts:TagSession'] : WEB_IDENTITY_ACTION
  return {
    Sid: OIDC_SID,
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(decl.partition, accountId, oidc.host) },
    Action: actions,
    Condition: {
      StringEquals: { [`${oidc.host}:aud`]: oidc.host },
      StringLike: { [`${oidc.host}:sub`]: stringOrList(stacks.map(stackSubjectPattern)) }
    }
  }
}
