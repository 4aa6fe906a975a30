/** IAM policy documents as JSON (what AWS stores and what we generate). */
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
