import { compareStrings } from '../../common/compareStrings.js'

/**
 * How generated IAM documents write value lists. The choice, applied everywhere (Principal,
 * Action, Resource, condition values): values are de-duplicated and sorted by UTF-16 code unit
 * (not locale), a single value is written as a plain string, several as a list. This is also the
 * form IAM's own examples use, so a freshly applied policy reads back unchanged.
 */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings)
}

export function stringOrList(values: Iterable<string>): string | string[] {
  const list = sortedUnique(values)
  return list.length === 1 ? (list[0] as string) : list
}
