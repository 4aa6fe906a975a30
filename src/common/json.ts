/** JSON values as read from files and APIs: one home for the object test and for equality. */
export type JsonObject = Record<string, unknown>

/** A JSON value, typed all the way down. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** A JSON object: not null, not an array. */
export function isObject(value: Json): value is { [key: string]: Json }
export function isObject(value: unknown): value is JsonObject
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Deep equality of JSON values, iterative (no recursion over the input's depth). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]]
  while (stack.length) {
    const [x, y] = stack.pop() as [unknown, unknown]
    if (x === y) continue
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false
    if (Array.isArray(x) !== Array.isArray(y)) return false
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]])
      continue
    }
    const rx = x as JsonObject
    const ry = y as JsonObject
    const kx = Object.keys(rx)
    if (kx.length !== Object.keys(ry).length) return false
    for (const k of kx) {
      if (!Object.hasOwn(ry, k)) return false
      stack.push([rx[k], ry[k]])
    }
  }
  return true
}
