/**
 * The diff report: CONTRACT §3 `diff --format json`. Field names are the contract's (snake_case);
 * fields beyond the contract are additive.
 */
import type { Diagnostic } from '../common/diagnostics.js'
import type { PolicyDocument } from '../iamDocument/types.js'
import type { PolicyChange } from '../trustPolicy/policyChange.js'

export type { PolicyChange }

export type RoleStatus = 'create' | 'update' | 'unchanged'

export interface RoleReport {
  account_id: string
  role_name: string
  /** "/" unless the role has a path. */
  role_path: string
  arn: string
  kind: 'hub' | 'target'
  /** Account alias in accounts.yaml; null for the hub. */
  alias: string | null
  /**
   * The account's AWS CLI profile in the report's commands and its provider alias in
   * terraform/iam/: the account alias; for the hub account, unless it is declared too, `hub`.
   */
  profile: string
  status: RoleStatus
  widens: boolean
  changes: PolicyChange[]
  desired: PolicyDocument
  existing: PolicyDocument | null
  /** Where the existing policy came from (file path or "aws"); null when the role does not exist. */
  source: string | null
  /** Stacks that reach this role. */
  stacks: string[]
  /** What IAM refuses or what is dangerous in today's trust policy (absent when there is nothing to say). */
  findings?: { severity: 'error' | 'warning'; code: string; message: string }[]
  /**
   * The hub only: false when the role exists but its permission policy was not compared (no
   * `.permissions.json` kept beside its trust policy); absent otherwise.
   */
  permissions_compared?: false
  /** The hub only: the permission policy comparison, when an existing one was found or is needed. */
  permissions?: {
    status: RoleStatus
    widens: boolean
    changes: PolicyChange[]
    desired: PolicyDocument
    existing: PolicyDocument | null
  }
}

/** What accounts.yaml itself changes between the base and the head of a PR (`--base`). */
export interface DeclarationChange {
  kind:
    | 'account-added'
    | 'account-removed'
    | 'account-changed'
    | 'stack-added'
    | 'stack-removed'
    | 'stack-accounts-changed'
    | 'stack-access-changed'
    | 'stack-oidc-changed'
    | 'setting-changed'
  /** The alias, stack ID or setting path concerned. */
  subject: string
  detail: string
  /** Present (true) when the change weakens a check with no IAM change (policy.unverifiable: deny -> warn). */
  widens?: true
}

export interface ReportError {
  /** The role concerned, when there is one. */
  arn?: string
  file?: string
  line?: number
  column?: number
  path?: string
  message: string
}

export interface DiffReport {
  summary: { create: number; update: number; unchanged: number; widening: number }
  roles: RoleReport[]
  errors: ReportError[]
  /** Warnings and findings about the declaration (CONTRACT §2 separation findings, unused accounts). */
  warnings: Diagnostic[]
  /** Present with --base. `null` base means accounts.yaml is new. */
  declaration_changes?: DeclarationChange[]
  /**
   * What the pull request itself changes under the existing-policies directory (the action, whose
   * baseline is the base commit). Present only when the PR edits files there.
   */
  existing_edits?: ExistingEdits
  /** Existing policy files that match no declared role. */
  unexpected_files?: string[]
  /**
   * The copied providers.tf of each stack given (`--stack-dir`, the action's `stack-dirs`) against
   * what render writes for it now; present only when some were given.
   */
  stack_providers?: StackProvidersCheck[]
}

/** One copied `terraform/<stack>/providers.tf`: the file render writes, unchanged, or not. */
export interface StackProvidersCheck {
  stack: string
  /** As given: the stack's directory, or the copy itself (a `.tf` file). */
  path: string
  /** The file compared: `path`, or `path/providers.tf`. */
  file: string
  /** current: the file render writes now; stale: it differs; missing: no such file. */
  status: 'current' | 'stale' | 'missing'
  /** What differs (stale) or what is missing (missing). */
  detail?: string
}

/** One file under the existing-policies directory that the PR adds, removes or changes. */
export interface ExistingEdit {
  /** The path as given (e.g. iam/222222222222/spacelift-target.json). */
  file: string
  status: 'added' | 'removed' | 'modified'
  /** Which engine compared it; "other" files are listed, not compared. */
  policy: 'trust' | 'permissions' | 'other'
  /** Whether the head version may allow a request the base version denies. */
  widens: boolean
  changes: PolicyChange[]
}

export interface ExistingEdits {
  /** The existing-policies directory. */
  path: string
  /** The commits compared: the baseline (base) and the PR head. */
  base: string
  head: string
  widens: boolean
  files: ExistingEdit[]
}
