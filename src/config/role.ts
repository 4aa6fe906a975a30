import type { RoleRef } from './accounts.js'

/** "name" -> { path: "/", name }; "/a/b/name" -> { path: "/a/b/", name }. The input is already validated. */
export function parseRoleRef(role: string): RoleRef {
  const slash = role.lastIndexOf('/')
  if (slash < 0) return { path: '/', name: role }
  return { path: role.slice(0, slash + 1), name: role.slice(slash + 1) }
}
