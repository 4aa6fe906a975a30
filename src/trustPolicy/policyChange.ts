// What the comparison of two trust policies reports (CONTRACT §3 `changes`).
/** One semantic change between two policies. `kind` is a stable machine word, `detail` one line for people. */
export interface PolicyChange {
  kind: string
  detail: string
  /** Whether this change on its own may allow a request that was denied before. */
  widens: boolean
}
