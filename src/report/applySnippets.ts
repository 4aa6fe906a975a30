/**
 * Ready-to-run snippets for one role of the diff report: AWS CLI commands and the Terraform
 * resources that apply the desired policies. Plain text; the caller puts them in code blocks.
 *
 * The commands name their account with `--profile <profile>` (the account alias; the README shows
 * how to set up one AWS CLI profile per account), carry each document inline in a quoted here-document
 * (nothing is expanded in it, and no file needs to exist where they are pasted), and apply only
 * what changes: no trust-policy command for an unchanged trust policy, no `put-role-policy` for an
 * unchanged permission policy.
 */
import type { PolicyDocument } from '../iamDocument/types.js'
import type { RoleReport } from '../diff/diffReport.js'
import { HUB_PERMISSION_POLICY_NAME } from '../generate/iam/hubPermissions.js'
import { hclFromJson } from '../generate/terraform/hcl.js'
import { HUB_RESOURCE, targetResourceName } from '../generate/terraform/iamRoot.js'

export { hclFromJson }

/** A POSIX shell word: bare when it is plainly safe, single-quoted otherwise. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/** The here-document delimiter. No line of a JSON.stringify(…, 2) document is a bare word, so none can end it early. */
const HEREDOC_END = 'POLICY'

/**
 * A policy document as one shell word: `"$(cat <<'POLICY'` … `POLICY` `)"`. The quoted delimiter
 * turns off every expansion inside, so `$`, backticks and quotes in values stay as they are.
 */
export function inlineDocument(document: PolicyDocument): string {
  const json = JSON.stringify(document, null, 2)
  if (json.split('\n').includes(HEREDOC_END)) throw new Error('a policy line equals the here-document delimiter')
  return `"$(cat <<'${HEREDOC_END}'\n${json}\n${HEREDOC_END}\n)"`
}

/** Whether the role's trust policy must be written: the role is new, or its trust policy changes. */
function trustChanges(role: RoleReport): boolean {
  return role.existing === null || role.changes.length > 0
}

/** AWS CLI commands that create the role or replace its trust policy, and the hub's permission policy, each only where it changes. */
export function awsCliSnippet(role: RoleReport): string {
  const where = role.alias === null ? 'hub role' : role.alias
  const lines = [`# account ${role.account_id} (${where}), with the AWS CLI profile of that account`]
  const profile = `--profile ${shellWord(role.profile)}`
  const name = `--role-name ${shellWord(role.role_name)}`
  if (role.existing === null) {
    lines.push(
      `aws iam create-role ${profile} ${name} --path ${shellWord(role.role_path)} \\`,
      `  --assume-role-policy-document ${inlineDocument(role.desired)}`
    )
  } else if (trustChanges(role)) {
    lines.push(`aws iam update-assume-role-policy ${profile} ${name} \\`, `  --policy-document ${inlineDocument(role.desired)}`)
  }
  if (role.permissions && role.permissions.status !== 'unchanged') {
    lines.push(
      `aws iam put-role-policy ${profile} ${name} --policy-name ${HUB_PERMISSION_POLICY_NAME} \\`,
      `  --policy-document ${inlineDocument(role.permissions.desired)}`
    )
  }
  if (lines.length === 1) lines.push('# nothing to change')
  return lines.join('\n')
}

/** A Terraform identifier made from free text. */
export function terraformIdentifier(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]/g, '_')
  return /^[A-Za-z_]/.test(id) ? id : `r_${id}`
}

function indentContinuation(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`)
}

function hclString(value: string): string {
  return hclFromJson(value)
}

/**
 * The Terraform `aws_iam_role` (and, for the hub, `aws_iam_role_policy`) for the desired policies,
 * named and provided as in terraform/iam/main.tf (`provider = aws.<profile>`).
 */
export function terraformSnippet(role: RoleReport): string {
  const name = role.alias === null ? HUB_RESOURCE : targetResourceName(terraformIdentifier(role.alias))
  const provider = `aws.${terraformIdentifier(role.profile)}`
  const blocks = [
    [
      `resource "aws_iam_role" "${name}" {`,
      `  # account ${role.account_id}`,
      `  provider           = ${provider}`,
      `  name               = ${hclString(role.role_name)}`,
      `  path               = ${hclString(role.role_path)}`,
      `  assume_role_policy = jsonencode(${indentContinuation(hclFromJson(role.desired), '  ')})`,
      `}`
    ].join('\n')
  ]
  if (role.permissions) {
    blocks.push(
      [
        `resource "aws_iam_role_policy" "${name}" {`,
        `  provider = ${provider}`,
        `  name     = ${hclString(HUB_PERMISSION_POLICY_NAME)}`,
        `  role     = aws_iam_role.${name}.name`,
        `  policy   = jsonencode(${indentContinuation(hclFromJson(role.permissions.desired satisfies PolicyDocument), '  ')})`,
        `}`
      ].join('\n')
    )
  }
  return blocks.join('\n\n')
}
