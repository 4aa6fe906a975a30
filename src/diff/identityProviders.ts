import type { Diagnostic } from '../common/diagnostics.js'
import type { ExistingSet } from '../existing/existingPolicies.js'
import type { DesiredIam } from '../generate/iam/desiredIamTypes.js'

/**
 * What `diff --aws` found of Spacelift's OIDC identity provider in each target account (auth oidc
 * or both): a provider that does not exist, lacks the audience, or could not be read is a warning
 * (the target trust names it: AssumeRoleWithWebIdentity cannot succeed without it).
 */
export function identityProviderWarnings(desired: DesiredIam, existing: ExistingSet): Diagnostic[] {
  const found = new Map((existing.identityProviders ?? []).map((provider) => [provider.arn, provider]))
  const warnings: Diagnostic[] = []
  const warn = (message: string): void => {
    warnings.push({ severity: 'warning', file: '', path: '', line: 0, column: 0, message })
  }
  if (existing.identityProviders === undefined) return warnings
  for (const provider of desired.oidcProviders) {
    const where = `account ${provider.accountId} (${provider.alias})`
    const today = found.get(provider.arn)
    if (today === undefined || today.state === 'unknown') {
      warn(`${where}: cannot read the identity provider ${provider.arn}: ${today?.message ?? 'not read'}`)
    } else if (today.state === 'missing') {
      warn(
        `${where} has no identity provider ${provider.arn}: the target role's trust names it, so no Spacelift token can assume the role. ` +
          'Create it first (render writes iam/oidc-providers.sh and terraform/oidc-providers/main.tf).'
      )
    } else {
      const absent = provider.clientIds.filter((id) => !today.clientIds.includes(id))
      if (absent.length > 0) {
        warn(`${where}: the identity provider ${provider.arn} lacks the client ID (audience) ${absent.join(', ')}: add it, or Spacelift's tokens are refused.`)
      }
    }
  }
  return warnings
}
