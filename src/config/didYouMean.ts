/** "did you mean ...?" suggestions for misspelt keys and aliases. */

/** Levenshtein edit distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

const normalise = (word: string): string => word.toLowerCase().replace(/[-_\s]/g, '')

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: the same word
 * up to case and separators (accountId / account_id / Account-ID), or at most 1 edit away for
 * words of up to 4 characters, 2 for longer ones. Ties go to the first candidate.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 4 ? 1 : 2
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) > limit + 2) continue
    const distance = normalise(candidate) === normalise(word) ? 0 : editDistance(word, candidate)
    if (distance <= limit && distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}
