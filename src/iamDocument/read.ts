/**
 * Turns what people save as "the existing policy" into the policy document object: a policy document
 * itself, a URL-encoded document as the IAM API returns it (`%7B%22Version...`), the output of
 * `aws iam get-role` (`{"Role": {"AssumeRolePolicyDocument": ...}}`) or of `aws iam get-role-policy`
 * (`{"PolicyDocument": ...}`), where the embedded document may be an object or a (URL-encoded) string.
 */
import { parseJson, type JsonSyntaxError } from '../common/jsonSyntax.js'
import { parseJsonExact } from './exactJson.js'
import { isObject } from '../common/json.js'

export type Extracted =
  { ok: true; document: Record<string, unknown>; rolePath?: string } | { ok: false; message: string; syntax?: JsonSyntaxError; path: string }

/** Whether text looks URL-encoded JSON (an encoded "{"), as IAM's API returns documents. */
function isUrlEncodedJson(text: string): boolean {
  return /^%7B/i.test(text.trim())
}

/**
 * Decodes one embedded document: an object as is, a string parsed as JSON after URL-decoding when
 * encoded. `exactNumbers`: number literals are kept as their text (JsonNumberText), as the
 * trust-policy comparison needs.
 */
export function decodePolicyDocument(value: unknown, path: string, exactNumbers = false): Extracted {
  if (typeof value === 'string') {
    let text = value
    if (isUrlEncodedJson(text)) {
      try {
        text = decodeURIComponent(text)
      } catch {
        return { ok: false, path, message: 'the URL-encoded policy document has an invalid percent escape' }
      }
    }
    const parsed = exactNumbers ? parseJsonExact(text) : parseJson(text)
    if (!parsed.ok) {
      return {
        ok: false,
        path,
        message: `the embedded policy document is not valid JSON (${parsed.error.message} at its line ${parsed.error.line} column ${parsed.error.column})`
      }
    }
    return decodePolicyDocument(parsed.value, path, exactNumbers)
  }
  if (isObject(value)) return { ok: true, document: value }
  return { ok: false, path, message: `expected a policy document (a JSON object), found ${describe(value)}` }
}

/** IAM trust policies are at most 4,096 characters even with a raised quota; anything far bigger is not one. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024
/**
 * The largest trust policy compared when it comes from outside (`compare`, an existing role under
 * `diff`), in characters without white space: IAM accepts at most 4,096 at the raised quota
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); a quarter more
 * leaves room for escapes counted differently, and bounds the comparison's time (bench/compare.mjs).
 * The desired documents stack-accounts generates are not held to it (issue 12 handles IAM's quota).
 */
export const MAX_TRUST_DOCUMENT_CHARS = 5120

/** A trust policy file's content: a document, URL-encoded text, or `aws iam get-role` output. */
export function extractTrustPolicy(text: string): Extracted {
  return extract(text, unwrapTrustPolicy, true)
}

/** An already parsed trust policy: a document, an encoded document string, or `aws iam get-role` output. */
export function unwrapTrustPolicy(value: unknown): Extracted {
  if (isObject(value) && isObject(value.Role)) {
    const role = value.Role
    if (!('AssumeRolePolicyDocument' in role)) {
      return { ok: false, path: 'Role', message: 'get-role output without Role.AssumeRolePolicyDocument' }
    }
    const result = decodePolicyDocument(role.AssumeRolePolicyDocument, 'Role.AssumeRolePolicyDocument', true)
    return result.ok && typeof role.Path === 'string' ? { ...result, rolePath: role.Path } : result
  }
  if (isObject(value) && 'AssumeRolePolicyDocument' in value) {
    // `aws iam get-role --query Role` output.
    const result = decodePolicyDocument(value.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument', true)
    return result.ok && typeof value.Path === 'string' ? { ...result, rolePath: value.Path } : result
  }
  return decodePolicyDocument(value, '', true)
}

/** A permission policy file's content: a document, URL-encoded text, or `aws iam get-role-policy` output. */
export function extractPermissionPolicy(text: string): Extracted {
  return extract(text, (value) => {
    if (isObject(value) && 'PolicyDocument' in value) {
      return decodePolicyDocument(value.PolicyDocument, 'PolicyDocument')
    }
    return decodePolicyDocument(value, '')
  })
}

function extract(text: string, unwrap: (value: unknown) => Extracted, exactNumbers = false): Extracted {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (isUrlEncodedJson(body)) return decodePolicyDocument(body.trim(), '', exactNumbers)
  const parsed = exactNumbers ? parseJsonExact(body) : parseJson(body)
  if (!parsed.ok) return { ok: false, path: '', message: `invalid JSON: ${parsed.error.message}`, syntax: parsed.error }
  return unwrap(parsed.value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
