import type { Partition, RoleRef } from './accounts.js'

/** `arn:<partition>:iam::<account>:role<path><name>`; `path` starts and ends with "/". */
export function roleArn(partition: Partition, accountId: string, role: RoleRef): string {
  return `arn:${partition}:iam::${accountId}:role${role.path}${role.name}`
}

/** `arn:<partition>:iam::<account>:root`: the account itself as a principal. */
export function accountRootArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`
}
