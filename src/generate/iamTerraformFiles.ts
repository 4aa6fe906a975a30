import type { Declaration } from '../config/accounts.js'
import { InputError } from '../common/diagnostics.js'
import type { DesiredIam } from './iam/desiredIamTypes.js'
import type { PolicyDocument } from '../iamDocument/types.js'
import { stackProvidersRenderer } from './terraform/providers.js'
import { INTEGRATION_TF_PATH, renderSpaceliftTf } from './terraform/spacelift.js'
import { IAM_ROOT_PATH, renderIamRoot } from './terraform/iamRoot.js'
import { OIDC_PROVIDERS_COMMANDS_FILE, OIDC_PROVIDERS_MODULE_FILE, renderOidcProviderCommands, renderOidcProvidersModule } from './terraform/oidcProviders.js'
import { compareStrings } from '../common/compareStrings.js'

/** A policy document as written to disk: JSON, two-space indentation, trailing newline. */
export function policyJson(document: PolicyDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

/**
 * The IAM and Terraform files of `render` (CONTRACT §3), as relative path -> contents, sorted by
 * path:
 * - `iam/<account_id>/<role_name>.trust.json` for the hub and every target role,
 * - `iam/<hub_id>/<hub_role_name>.permissions.json`,
 * - `terraform/<stack>/providers.tf` for every stack,
 * - `spacelift/integration.tf` (with spacelift/main.tf of the Spacelift bundle, one root module),
 * - `terraform/iam/main.tf`, the roles above (and the read roles) as a Terraform root.
 * - with auth oidc or both, `terraform/oidc-providers/main.tf` and `iam/oidc-providers.sh`
 *   (Spacelift's OIDC identity provider in every target account).
 * Throws InputError when two roles would be written to the same file (the same role name in the
 * same account) or a name is not usable as a path segment.
 */
export function renderIamAndTerraformFiles(decl: Declaration, desired: DesiredIam): Map<string, string> {
  const files = new Map<string, string>()
  const add = (path: string, contents: string, what: string): void => {
    if (files.has(path)) throw new InputError(`${what} would overwrite ${path}: two roles share a name in one account`)
    files.set(path, contents)
  }

  const { hub } = desired
  for (const role of [...(hub === null ? [] : [hub]), ...desired.targets]) {
    const path = `iam/${segment(role.accountId)}/${segment(role.role.name)}.trust.json`
    add(path, policyJson(role.trustPolicy), `the trust policy of ${role.arn}`)
  }
  if (hub !== null) {
    add(`iam/${segment(hub.accountId)}/${segment(hub.role.name)}.permissions.json`, policyJson(hub.permissionPolicy), `the permission policy of ${hub.arn}`)
  }

  const renderProviders = stackProvidersRenderer(decl)
  for (const stack of decl.stacks) {
    if (`terraform/${stack.id}/` === IAM_ROOT_PATH.slice(0, IAM_ROOT_PATH.lastIndexOf('/') + 1)) {
      throw new InputError(
        `stack ${JSON.stringify(stack.id)}: its terraform/${stack.id}/providers.tf would go into the IAM root terraform/iam/, whose providers it would clash with; rename the stack in accounts.yaml`
      )
    }
    add(`terraform/${segment(stack.id)}/providers.tf`, renderProviders(stack), `the providers of stack ${stack.id}`)
  }
  add(INTEGRATION_TF_PATH, renderSpaceliftTf(decl), 'the Spacelift integration')
  add(IAM_ROOT_PATH, renderIamRoot(decl, desired), 'the IAM Terraform root')
  if (desired.oidcProviders.length > 0) {
    add(OIDC_PROVIDERS_MODULE_FILE, renderOidcProvidersModule(desired.oidcProviders), "Spacelift's OIDC identity providers")
    add(OIDC_PROVIDERS_COMMANDS_FILE, renderOidcProviderCommands(desired.oidcProviders), "Spacelift's OIDC identity providers")
  }

  return new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)))
}

/**
 * A name used as one path segment. The schema already limits account IDs, role names and stack
 * IDs to safe characters; this refuses anything that could leave the output directory anyway.
 */
function segment(name: string): string {
  // eslint-disable-next-line no-control-regex -- a file name with a control character is refused
  if (name === '' || name === '.' || name === '..' || /[/\\\u0000-\u001f\u007f]/.test(name) || name.includes(':')) {
    throw new InputError(`${JSON.stringify(name)} cannot be used as a file or directory name`)
  }
  return name
}
