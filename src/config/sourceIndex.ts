/**
 * One walk over the parsed YAML tree that remembers where every key and value starts, so
 * diagnostics about a config path can point at the line and column the user wrote it. The walk
 * also finds duplicate keys (with both positions) and alias nodes; it never follows an alias, so
 * its cost is linear in the size of the file whatever the aliases expand to.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml'
import type { ConfigPath } from './accounts.js'

export interface Position {
  line: number
  column: number
}

export interface DuplicateKey {
  /** Path of the duplicated key (its parent's path plus the key). */
  path: string[]
  first: Position
  second: Position
}

interface Entry {
  /** Where the key naming this path starts (absent for list items and the root). */
  key?: Position
  /** Where the value starts; the key's position when the value is empty. */
  value: Position
  node: Node | null
}

/** accounts.yaml nests 4 levels deep; anything far deeper is refused before it can exhaust the stack. */
export const MAX_DEPTH = 32

const ROOT_POSITION: Position = { line: 1, column: 1 }

/** The tags of YAML 1.2's core schema, the one accounts.yaml is read with (https://yaml.org/spec/1.2.2/#103-core-schema). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`))

export class SourceIndex {
  private readonly entries = new Map<string, Entry>()
  readonly duplicateKeys: DuplicateKey[] = []
  readonly aliases: { source: string; position: Position }[] = []
  /** Mapping keys YAML read as something other than a string (007 -> 7, 1e3 -> 1000), with the text written. */
  readonly nonStringKeys: { path: string[]; written: string; value: unknown; position: Position }[] = []
  /** Values with an explicit tag other than YAML 1.2's core ones (!!binary, !!timestamp, !!set ...). */
  readonly foreignTags: { path: string[]; tag: string; position: Position }[] = []
  /** Where nesting first goes deeper than MAX_DEPTH (the walk stops there), if it does. */
  tooDeep: Position | undefined

  constructor(
    root: Node | null,
    private readonly lineCounter: LineCounter
  ) {
    if (root) this.walk(root, [], undefined)
  }

  /** Where the value at `path` starts, else its nearest existing ancestor's value, else 1:1. */
  locate(path: ConfigPath): Position {
    return this.nearest(path)?.value ?? ROOT_POSITION
  }

  /** Where the key at `path` starts (for unknown or misnamed keys); falls back like `locate`. */
  locateKey(path: ConfigPath): Position {
    const entry = this.nearest(path)
    return entry?.key ?? entry?.value ?? ROOT_POSITION
  }

  /**
   * Where exactly `path` is written, without falling back to an ancestor: a scalar's value, or the
   * key of a mapping or list (whose value starts on a later line); null when the file does not
   * spell the path out (a defaulted field).
   */
  locateExact(path: ConfigPath): Position | null {
    const entry = this.entries.get(pathKey(path))
    if (!entry) return null
    return entry.node && !isScalar(entry.node) && entry.key ? entry.key : entry.value
  }

  /** The YAML node of the value at exactly `path`, if any. */
  node(path: ConfigPath): Node | null {
    return this.entries.get(pathKey(path))?.node ?? null
  }

  private nearest(path: ConfigPath): Entry | undefined {
    for (let length = path.length; length >= 0; length--) {
      const entry = this.entries.get(pathKey(path.slice(0, length)))
      if (entry) return entry
    }
    return undefined
  }

  private position(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset)
    return { line, column: col }
  }

  private walk(node: Node, path: string[], key: Position | undefined): void {
    if (path.length > MAX_DEPTH) {
      this.tooDeep ??= node.range ? this.position(node.range[0]) : key
      return
    }
    const empty = isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]
    const value = node.range && !empty ? this.position(node.range[0]) : (key ?? ROOT_POSITION)
    this.entries.set(pathKey(path), { key, value, node })
    const tag = (node as { tag?: string }).tag
    if (typeof tag === 'string' && !CORE_TAGS.has(tag)) this.foreignTags.push({ path, tag, position: value })
    if (isAlias(node)) {
      this.aliases.push({ source: node.source, position: value })
    } else if (isMap(node)) {
      const seen = new Map<string, Position>()
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const keyNode = pair.key as Node | null
        const name = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
        const keyPosition = keyNode?.range ? this.position(keyNode.range[0]) : value
        if (keyNode && isScalar(keyNode) && typeof keyNode.value !== 'string') {
          const written = typeof keyNode.source === 'string' ? keyNode.source : String(keyNode.value)
          this.nonStringKeys.push({ path: [...path, name], written, value: keyNode.value, position: keyPosition })
        }
        const childPath = [...path, name]
        const earlier = seen.get(name)
        if (earlier) this.duplicateKeys.push({ path: childPath, first: earlier, second: keyPosition })
        else seen.set(name, keyPosition)
        const child = pair.value as Node | null
        if (child) this.walk(child, childPath, keyPosition)
        else this.entries.set(pathKey(childPath), { key: keyPosition, value: keyPosition, node: null })
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (item && typeof item === 'object') this.walk(item as Node, [...path, String(index)], undefined)
      })
    }
  }
}

function pathKey(path: ConfigPath): string {
  return path.map(String).join('\u0000')
}
