import type { RoleRef } from './accounts.js'

/**
 * A role named on the command line or in the action's inputs (`--aws-read-role`, `aws-read-role`):
 * IAM's role name characters, with an optional /path/; not yet checked against IAM's lengths.
 */
export function isRoleNameOrPath(value: string): boolean {
  return /^[\w+=,.@/-]{1,576}$/.test(value)
}

/** "name" -> { path: "/", name }; "/a/b/name" -> { path: "/a/b/", name }. The input is already validated. */
export function parseRoleRef(role: string): RoleRef {
  const slash = role.lastIndexOf('/')
  if (slash < 0) return { path: '/', name: role }
  return { path: role.slice(0, slash + 1), name: role.slice(slash + 1) }
}
