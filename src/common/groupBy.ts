/** A list with at least one item: `list[0]` is an item, never undefined. */
export type NonEmpty<T> = [T, ...T[]]

/** Items grouped by a key, in first-seen order of the keys. Every group has at least one item. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, NonEmpty<T>> {
  const map = new Map<string, NonEmpty<T>>()
  for (const item of items) {
    const key = keyOf(item)
    const bucket = map.get(key)
    if (bucket) bucket.push(item)
    else map.set(key, [item])
  }
  return map
}
