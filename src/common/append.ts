/**
 * `target.push(...items)` passes every item as an argument: past about 100,000 items it overflows
 * the stack (organisations have tens of thousands of accounts). This appends one by one.
 */
export function appendAll<T>(target: T[], ...lists: readonly (readonly T[])[]): T[] {
  for (const list of lists) for (const item of list) target.push(item)
  return target
}

/** The largest of the numbers (`Math.max(...values)` has the same argument limit); -Infinity when empty. */
export function maxOf(values: readonly number[]): number {
  let max = -Infinity
  for (const v of values) if (v > max) max = v
  return max
}
