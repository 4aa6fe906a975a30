/**
 * IAM wildcard patterns: `*` matches any run of characters, `?` exactly one. Used for actions,
 * resources, StringLike / ArnLike values and principal patterns.
 */

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?')
}

/**
 * Answers for long pattern pairs, kept across calls: one comparison asks the same question once per
 * principal × action combination (thousands of times), and a pair of patterns of a few thousand
 * characters each costs millions of steps (quadratic in the worst case), so a 3 kB document pair
 * once ran for minutes. Short pairs are cheaper to recompute than to look up. Bounded: cleared
 * when full.
 */
const REMEMBER_FROM = 4096
const REMEMBERED_MAX = 4096
/** kind -> first string -> second string -> answer (nested, so no long key is built per question). */
const remembered = new Map<string, Map<string, Map<string, boolean>>>()
let rememberedCount = 0

function remember(kind: string, a: string, b: string, compute: () => boolean): boolean {
  if (a.length * b.length < REMEMBER_FROM) return compute()
  let byFirst = remembered.get(kind)
  if (!byFirst) remembered.set(kind, (byFirst = new Map<string, Map<string, boolean>>()))
  let bySecond = byFirst.get(a)
  if (!bySecond) byFirst.set(a, (bySecond = new Map<string, boolean>()))
  const known = bySecond.get(b)
  if (known !== undefined) return known
  const answer = compute()
  if (rememberedCount >= REMEMBERED_MAX) {
    remembered.clear()
    rememberedCount = 0
    return answer
  }
  bySecond.set(b, answer)
  rememberedCount++
  return answer
}

/** Whether `pattern` matches the literal `text` (iterative, no regular expressions; remembered for long pairs). */
export function globMatch(pattern: string, text: string): boolean {
  return remember('m', pattern, text, () => matchNow(pattern, text))
}

function matchNow(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let starP = -1
  let starT = 0
  while (t < text.length) {
    const pc = pattern[p]
    if (pc === '*') {
      starP = p++
      starT = t
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++
      t++
    } else if (starP >= 0) {
      p = starP + 1
      t = ++starT
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

/**
 * Whether every string that `inner` matches is also matched by `outer` (a sound, not complete,
 * test): outer `*` may absorb anything of inner, outer `?` one literal character or `?` of inner,
 * outer literals only the same inner literal. `inner` without wildcards reduces to globMatch.
 */
export function globCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true
  if (!hasWildcard(inner)) return globMatch(outer, inner)
  return remember('c', outer, inner, () => coversNow(outer, inner))
}

function coversNow(outer: string, inner: string): boolean {
  const n = inner.length
  // reachable[j]: inner[0..j) consumed after the outer prefix seen so far.
  let reachable = new Array<boolean>(n + 1).fill(false)
  reachable[0] = true
  for (const oc of outer) {
    const next = new Array<boolean>(n + 1).fill(false)
    if (oc === '*') {
      let any = false
      for (let j = 0; j <= n; j++) {
        any = any || reachable[j] === true
        next[j] = any
      }
    } else {
      for (let j = 0; j < n; j++) {
        if (!reachable[j]) continue
        const ic = inner[j]
        if (ic === '*') continue
        if (oc === '?' ? true : ic === oc) next[j + 1] = true
      }
    }
    reachable = next
  }
  return reachable[n] === true
}

/** The characters before the first wildcard. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*')
  const question = pattern.indexOf('?')
  const cut = Math.min(star < 0 ? pattern.length : star, question < 0 ? pattern.length : question)
  return pattern.slice(0, cut)
}

/**
 * A set of patterns indexed for "is this value/pattern covered by one of them": literal members
 * are looked up by hash, wildcard members by their literal prefix, so a lookup costs about the
 * length of the value rather than the number of patterns.
 */
export class PatternSet {
  private readonly literals = new Set<string>()
  private readonly byPrefix = new Map<string, string[]>()
  private prefixLengths: number[] = []
  readonly size: number

  constructor(patterns: Iterable<string>) {
    let size = 0
    for (const pattern of patterns) {
      size++
      if (!hasWildcard(pattern)) {
        this.literals.add(pattern)
        continue
      }
      const prefix = literalPrefix(pattern)
      const bucket = this.byPrefix.get(prefix)
      if (bucket) bucket.push(pattern)
      else this.byPrefix.set(prefix, [pattern])
    }
    this.size = size
    this.prefixLengths = [...new Set([...this.byPrefix.keys()].map((prefix) => prefix.length))].sort((a, b) => a - b)
  }

  /** Whether some member matches the literal text. */
  matches(text: string): boolean {
    if (this.literals.has(text)) return true
    return this.someCandidate(text, (pattern) => globMatch(pattern, text))
  }

  /** Whether some member covers `inner` (a pattern or a literal). */
  covers(inner: string): boolean {
    if (!hasWildcard(inner)) return this.matches(inner)
    if (this.literals.has(inner)) return true
    return this.someCandidate(literalPrefix(inner), (pattern) => globCovers(pattern, inner))
  }

  private someCandidate(text: string, test: (pattern: string) => boolean): boolean {
    for (const length of this.prefixLengths) {
      if (length > text.length) break
      const bucket = this.byPrefix.get(text.slice(0, length))
      if (bucket && bucket.some(test)) return true
    }
    return false
  }
}
