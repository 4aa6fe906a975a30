/**
 * accounts.yaml text -> plain data plus a position index. YAML problems (syntax, tabs, several
 * documents, duplicate keys, alias bombs, an empty file, a root that is not a mapping) become
 * issues here; when one of them makes the data meaningless, `data` is undefined and validation
 * stops at this step.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type YAMLError } from 'yaml'
import { configError, type ConfigIssue } from './issues.js'
import { MAX_DEPTH, SourceIndex, type Position } from './sourceIndex.js'
import { errorMessage } from '../common/errno.js'

/** Bound on alias expansions: far above what a hand-written file needs, low enough to refuse "billion laughs" fast. */
export const MAX_ALIAS_EXPANSIONS = 10_000

export interface YamlSource {
  /** The document as plain data; undefined when the YAML itself is unusable. */
  data: unknown
  index: SourceIndex
  issues: ConfigIssue[]
}

export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, {
    lineCounter,
    version: '1.2',
    schema: 'core',
    merge: false,
    // yaml's own duplicate-key check scans the map for every key (quadratic: minutes for 40,000
    // accounts); SourceIndex finds duplicates in one pass and reports both positions.
    uniqueKeys: false,
    strict: true,
    prettyErrors: false
  })
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const list = Array.isArray(documents) ? documents : []
  const first = list[0]
  const index = new SourceIndex(first?.contents ?? null, lineCounter)

  const second = list[1]
  if (second) {
    return {
      data: undefined,
      index,
      issues: [
        configError(
          [],
          `found ${list.length} YAML documents: accounts.yaml must hold exactly one (remove the '---' that starts the second one)`,
          position(second.range[0])
        )
      ]
    }
  }

  if (!first || first.contents === null || isEmptyScalar(first.contents)) {
    return {
      data: undefined,
      index,
      issues: [configError([], "the file is empty (or only comments): it must be a mapping that starts with 'version: 1'")]
    }
  }
  const yamlErrors = [...first.errors, ...first.warnings]
  // A tab in the indentation throws the parser off for the lines after it: report only the tabs.
  const tabs = yamlErrors.filter((error) => error.code === 'TAB_AS_INDENT')
  const issues = (tabs.length > 0 ? tabs : yamlErrors).map((error) => configError([], yamlErrorMessage(error), position(error.pos[0])))
  for (const duplicate of index.duplicateKeys) {
    const { line, column } = duplicate.first
    issues.push(configError(duplicate.path, `duplicate key '${duplicate.path.at(-1)}': already defined at line ${line}, column ${column}`, 'key'))
  }
  // Duplicate keys leave the document readable (the later value wins), so validation goes on and
  // reports everything else at once; any other YAML error makes the data unreliable.
  if (yamlErrors.length > 0) return { data: undefined, index, issues }
  if (index.tooDeep) {
    issues.push(configError([], `nested more than ${MAX_DEPTH} levels deep: refusing to read further`, index.tooDeep))
    return { data: undefined, index, issues }
  }

  for (const tagged of index.foreignTags) {
    const short = tagged.tag.replace(/^tag:yaml\.org,2002:/, '!!')
    const yaml11 = /^!!(binary|timestamp|set|omap|pairs|merge|value|yaml)$/.test(short)
    issues.push(
      configError(
        tagged.path,
        `${yaml11 ? 'YAML 1.1 tag' : 'tag'} ${short} is not supported: accounts.yaml is read as YAML 1.2 (core schema); write a plain value without a tag`,
        tagged.position
      )
    )
  }
  for (const key of index.nonStringKeys) {
    // A key YAML reads as a number or boolean becomes its string form: harmless when that is what was written.
    if (key.written === String(key.value)) continue
    const what = key.path[0] === 'stacks' && key.path.length === 2 ? 'stack ID' : key.path[0] === 'accounts' && key.path.length === 2 ? 'account alias' : 'key'
    issues.push(
      configError(
        key.path,
        `${what} ${key.written} is read by YAML as the ${typeof key.value} ${String(key.value)}, so the ${what} would become "${String(key.value)}": quote it ("${key.written}")`,
        key.position
      )
    )
  }
  if (index.foreignTags.length > 0) return { data: undefined, index, issues }

  const root = first.contents
  if (!isMap(root)) {
    issues.push(configError([], `the top level must be a mapping (version:, spacelift:, hub:, accounts:, stacks:), not ${describeNode(root)}`))
    return { data: undefined, index, issues }
  }

  try {
    return { data: first.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }), index, issues }
  } catch (error) {
    issues.push(aliasIssue(error, index))
    return { data: undefined, index, issues }
  }
}

/** The null a document holds when it has no content at all (as opposed to a written `null` or `~`). */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.range !== undefined && node.range !== null && node.range[0] === node.range[1]
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list'
  if (isAlias(node)) return 'an alias'
  return 'a single value'
}

function yamlErrorMessage(error: YAMLError): string {
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'tab character in indentation: YAML indents with spaces only; replace the tab with spaces'
    case 'TAG_RESOLVE_FAILED':
      return `unsupported tag (${/!\S*/.exec(error.message)?.[0] ?? 'custom tag'}): write plain values, without YAML tags`
    default: {
      const message = error.message.split('\n')[0] ?? error.message
      return `YAML syntax error: ${message.charAt(0).toLowerCase()}${message.slice(1)}`
    }
  }
}

function aliasIssue(error: unknown, index: SourceIndex): ConfigIssue {
  const message = errorMessage(error)
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(message)
  if (unresolved) {
    const name = unresolved[1] ?? ''
    const alias = index.aliases.find((entry) => entry.source === name)
    return configError([], `unknown anchor: *${name} refers to no '&${name}' defined before it`, alias?.position)
  }
  const first = index.aliases[0]
  if (error instanceof ReferenceError || /alias/i.test(message)) {
    return configError(
      [],
      `too many alias expansions (more than ${MAX_ALIAS_EXPANSIONS}): refusing a file whose anchors and aliases expand exponentially`,
      first?.position
    )
  }
  return configError([], `cannot read the YAML: ${message}`, first?.position)
}
