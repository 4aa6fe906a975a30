/**
 * The Spacelift plan policy's verdict on a plan, before merge: the compiled policy
 * (dist/policy/plan.wasm) evaluated on the plan-policy input Spacelift would build for the plan,
 * with the declaration supplied as data.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { readRegularFile } from '../common/readRegularFile.js'
import type { Declaration } from '../config/accounts.js'
import { InputError } from '../common/diagnostics.js'
import { parseJson } from '../common/jsonSyntax.js'
import { isSpaceliftPlanInput, isTerraformPlan, spaceliftPlanInput } from './planInput.js'
import { policyDeclarationData } from './policyData.js'
import { locatePolicyWasm } from './wasmLocate.js'
import { PlanPolicyWasm, policyDataDocument, type PolicyVerdict } from './wasmPolicy.js'

export type { PolicyVerdict } from './wasmPolicy.js'

/** A plan file larger than this is refused (a plan JSON of this size is not a plan a PR makes). */
export const MAX_PLAN_BYTES = 200 * 1024 * 1024

/** The verdict on one plan file, as the action reports it. */
export interface PlanVerdict {
  stack: string
  /** The plan file's path, as given. */
  plan: string
  deny: string[]
  warn: string[]
}

/** The compiled policy with the declaration loaded as data, ready to evaluate many plans. */
export async function loadPlanPolicy(decl: Declaration, wasmFile: string = locatePolicyWasm()): Promise<PlanPolicyWasm> {
  const policy = await PlanPolicyWasm.fromFile(wasmFile)
  policy.setData(policyDataDocument(policyDeclarationData(decl)))
  return policy
}

/** The policy's deny and warn messages (sorted) for a plan of the stack. */
export async function evaluatePlanPolicy(decl: Declaration, plan: unknown, stackId: string, wasmFile?: string): Promise<PolicyVerdict> {
  const policy = await loadPlanPolicy(decl, wasmFile)
  return policy.evaluate(spaceliftPlanInput(plan, stackId))
}

/**
 * Reads a plan file: `terraform show -json` output or a full Spacelift plan-policy input.
 * Malformed JSON, a document of another kind, or a file over `maxBytes` is an InputError.
 */
/** Whether a file begins with a zip local file header: only to word an error, after the file was read as a regular file. */
function startsWithZipHeader(file: string): boolean {
  try {
    const fd = openSync(file, 'r')
    try {
      const head = Buffer.alloc(4)
      return readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }
}

export function readPlanFile(file: string, maxBytes: number = MAX_PLAN_BYTES): unknown {
  const reading = readRegularFile(file, maxBytes, { what: 'for a plan' })
  if (!reading.ok) {
    if (reading.reason === 'missing' || reading.reason === 'unreadable') throw new InputError(`${file}: cannot read the plan: ${reading.message}`)
    if (reading.reason === 'too-large') throw planError(file, 1, 1, `the plan is ${reading.size} bytes, over the limit of ${maxBytes} bytes`)
    // `terraform plan -out FILE` writes a zip archive (it starts with a local file header, "PK\x03\x04").
    if (reading.reason === 'not-utf8' && startsWithZipHeader(file)) {
      throw planError(
        file,
        1,
        1,
        'this is a binary plan file (what `terraform plan -out` writes), not JSON: give its JSON instead, `terraform show -json FILE > plan.json` (or `tofu show -json`)'
      )
    }
    throw planError(file, 1, 1, reading.message)
  }
  const parsed = parseJson(reading.text)
  if (!parsed.ok) throw planError(file, parsed.error.line, parsed.error.column, `not valid JSON: ${parsed.error.message}`)
  if (!isSpaceliftPlanInput(parsed.value) && !isTerraformPlan(parsed.value)) {
    throw planError(
      file,
      1,
      1,
      'not a plan: neither the `terraform show -json` output of a saved plan (configuration, and planned_values or resource_changes: a state file or a bare format_version is not one) nor a Spacelift plan-policy input (spacelift, terraform)'
    )
  }
  return parsed.value
}

/**
 * The stack a plan is evaluated for: `requested` for a Terraform plan (required); for a full
 * Spacelift input, its own spacelift.stack.id, which `requested` must equal when given.
 */
export function planStackId(file: string, plan: unknown, requested: string | undefined): string {
  if (!isSpaceliftPlanInput(plan)) {
    if (requested === undefined || requested === '') throw new InputError(`${file}: a terraform plan needs --stack (the Spacelift stack ID it is planned for)`)
    return requested
  }
  const own = (plan as { spacelift?: { stack?: { id?: unknown } } }).spacelift?.stack?.id
  if (typeof own !== 'string') {
    if (requested === undefined || requested === '') throw planError(file, 1, 1, 'the Spacelift input has no spacelift.stack.id; pass --stack')
    return requested
  }
  if (requested !== undefined && requested !== '' && requested !== own) {
    throw planError(file, 1, 1, `the Spacelift input is for stack "${own}", not "${requested}"`)
  }
  return own
}

/** Verdicts on several plan files, in the order given, with one instance of the policy. */
export async function checkPlanFiles(decl: Declaration, plans: ReadonlyArray<{ stack?: string; plan: string }>, wasmFile?: string): Promise<PlanVerdict[]> {
  const policy = await loadPlanPolicy(decl, wasmFile)
  return plans.map(({ stack, plan: file }) => {
    const plan = readPlanFile(file)
    const stackId = planStackId(file, plan, stack)
    return { stack: stackId, plan: file, ...policy.evaluate(spaceliftPlanInput(plan, stackId)) }
  })
}

function planError(file: string, line: number, column: number, message: string): InputError {
  return new InputError([{ severity: 'error', file, path: '', line, column, message }])
}
