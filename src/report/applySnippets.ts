/**
 * Ready-to-run snippets for one role of the diff report: AWS CLI commands and the Terraform
 * resources that apply the desired policies. Plain text; the caller puts them in code blocks.
 */
import type { PolicyDocument } from '../iamDocument/types.js'
import type { RoleReport } from '../diff/diffReport.js'
import { HUB_PERMISSION_POLICY_NAME } from '../generate/iam/hubPermissions.js'

/** A POSIX shell word: bare when it is plainly safe, single-quoted otherwise. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/** A file name for the policy of a role, as `render` lays them out (CONTRACT §3). */
export function trustPolicyFile(role: RoleReport): string {
  return `iam/${role.account_id}/${role.role_name}.trust.json`
}

export function permissionPolicyFile(role: RoleReport): string {
  return `iam/${role.account_id}/${role.role_name}.permissions.json`
}

/** AWS CLI commands that create the role or replace its trust policy, and the hub's permission policy. */
export function awsCliSnippet(role: RoleReport): string {
  const lines = [`# account ${role.account_id}${role.alias === null ? ' (hub)' : ` (${role.alias})`}`]
  const file = shellWord(`file://${trustPolicyFile(role)}`)
  if (role.existing === null) {
    lines.push(`aws iam create-role --role-name ${shellWord(role.role_name)} --path ${shellWord(role.role_path)} \\`, `  --assume-role-policy-document ${file}`)
  } else {
    lines.push(`aws iam update-assume-role-policy --role-name ${shellWord(role.role_name)} \\`, `  --policy-document ${file}`)
  }
  if (role.permissions) {
    lines.push(
      `aws iam put-role-policy --role-name ${shellWord(role.role_name)} --policy-name ${HUB_PERMISSION_POLICY_NAME} \\`,
      `  --policy-document ${shellWord(`file://${permissionPolicyFile(role)}`)}`
    )
  }
  return lines.join('\n')
}

/** A Terraform identifier made from free text. */
export function terraformIdentifier(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]/g, '_')
  return /^[A-Za-z_]/.test(id) ? id : `r_${id}`
}

/** A JSON value written as an HCL expression (JSON is valid HCL once template sequences are escaped). */
export function hclFromJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')
}

function indentContinuation(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`)
}

function hclString(value: string): string {
  return hclFromJson(value)
}

/** The Terraform `aws_iam_role` (and, for the hub, `aws_iam_role_policy`) for the desired policies. */
export function terraformSnippet(role: RoleReport): string {
  const name = terraformIdentifier(role.alias ?? `hub_${role.role_name}`)
  const blocks = [
    [
      `resource "aws_iam_role" "${name}" {`,
      `  # account ${role.account_id}`,
      `  name = ${hclString(role.role_name)}`,
      `  path = ${hclString(role.role_path)}`,
      `  assume_role_policy = jsonencode(${indentContinuation(hclFromJson(role.desired), '  ')})`,
      `}`
    ].join('\n')
  ]
  if (role.permissions) {
    blocks.push(
      [
        `resource "aws_iam_role_policy" "${name}" {`,
        `  name   = ${hclString(HUB_PERMISSION_POLICY_NAME)}`,
        `  role   = aws_iam_role.${name}.name`,
        `  policy = jsonencode(${indentContinuation(hclFromJson(role.permissions.desired satisfies PolicyDocument), '  ')})`,
        `}`
      ].join('\n')
    )
  }
  return blocks.join('\n\n')
}
