/** IAM policy documents as JSON (what AWS stores and what we generate). */
import { isObject } from '../common/json.js'

export type StringOrList = string | string[]

export type Principal =
  | '*'
  | {
      AWS?: StringOrList
      Service?: StringOrList
      Federated?: StringOrList
      CanonicalUser?: StringOrList
    }

/** Condition block: operator -> key -> value(s). Values may be strings, numbers or booleans in JSON. */
export type ConditionBlock = Record<string, Record<string, unknown>>

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Principal?: Principal
  NotPrincipal?: Principal
  Action?: StringOrList
  NotAction?: StringOrList
  Resource?: StringOrList
  NotResource?: StringOrList
  Condition?: ConditionBlock
}

export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17'
  Id?: string
  Statement: PolicyStatement[]
}

/**
 * Whether a JSON value has the shape of a policy document: an object whose Statement is one
 * statement object or a list of them. Callers have read it with the policy reader first (which
 * refuses anything IAM would); this only carries that reading into the type.
 */
export function isPolicyDocument(value: unknown): value is PolicyDocument {
  if (!isObject(value)) return false
  const statement = value.Statement
  return isObject(statement) || (Array.isArray(statement) && statement.every(isObject))
}
