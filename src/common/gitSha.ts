/** A full commit ID: 40 hex digits (SHA-1) or 64 (SHA-256 repositories). */
export const FULL_COMMIT_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/

export function isFullCommitSha(text: string): boolean {
  return FULL_COMMIT_SHA.test(text)
}
