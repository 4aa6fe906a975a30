/**
 * The Spacelift plan policy compiled to WebAssembly (scripts/build-wasm.sh), run with OPA's
 * JavaScript SDK: the same Rego source Spacelift runs, with the declaration supplied as data
 * instead of inlined.
 */
import { readFileSync } from 'node:fs'
import * as opaWasm from '@open-policy-agent/opa-wasm'
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm'

/**
 * opa-wasm's ESM entry names only loadPolicy (async); loadPolicySync is on its default export
 * (the CommonJS module), which its type declarations do not describe.
 */
const opa = (opaWasm as unknown as { default: { loadPolicySync(module: WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): LoadedPolicy } }).default

/** The entrypoints scripts/build-wasm.sh compiles. */
export const PLAN_POLICY_ENTRYPOINTS = ['spacelift/deny', 'spacelift/warn', 'spacelift/sample'] as const

/** The policy's deny and warn messages, each sorted and unique. */
export interface PolicyVerdict {
  deny: string[]
  warn: string[]
}

/** What the policy reads as `data`: the declaration under data.stack_accounts.declaration. */
export function policyDataDocument(declarationData: unknown): { stack_accounts: { declaration: unknown } } {
  return { stack_accounts: { declaration: declarationData } }
}

interface WasmExports {
  builtins(): number
  opa_json_dump(address: number): number
}

/**
 * Memory for an evaluation: the module's allocator grows its memory a little at a time, and each
 * growth copies it, which makes evaluation quadratic in the input size. So the instance is
 * created with the memory an input of its size needs (measured: about 30 bytes per input byte on
 * synthetic plans; 48 leaves room), and re-created when a larger input comes.
 */
const PAGE_BYTES = 64 * 1024
const MEMORY_BYTES_PER_INPUT_BYTE = 48
const MIN_PAGES = 16
/** 2 GiB: reserved, not committed, until the allocator touches it. */
const MAX_INITIAL_PAGES = 32768

export function initialMemoryPages(inputBytes: number): number {
  return Math.min(MAX_INITIAL_PAGES, Math.max(MIN_PAGES, Math.ceil((inputBytes * MEMORY_BYTES_PER_INPUT_BYTE) / PAGE_BYTES)))
}

export class PlanPolicyWasm {
  private policy: LoadedPolicy
  private pages: number
  private data: object = {}

  private constructor(private readonly module: WebAssembly.Module) {
    this.pages = MIN_PAGES
    this.policy = opa.loadPolicySync(module, { initial: this.pages })
  }

  /** Compiles and instantiates the module (bytes as read from plan.wasm). */
  static async fromBytes(bytes: Uint8Array): Promise<PlanPolicyWasm> {
    // A copy that owns exactly its bytes (a Buffer may be a view into a larger pool).
    const own = new Uint8Array(bytes.byteLength)
    own.set(bytes)
    return new PlanPolicyWasm(await WebAssembly.compile(own))
  }

  static async fromFile(file: string): Promise<PlanPolicyWasm> {
    return PlanPolicyWasm.fromBytes(readFileSync(file))
  }

  /** The entrypoints the module exports, by name. */
  entrypoints(): string[] {
    return Object.keys(this.policy.entrypoints as Record<string, number>).sort()
  }

  /**
   * The built-ins the module does not implement itself and calls on its host for (the module's
   * `builtins` export); opa-wasm's JavaScript host must provide each of them.
   */
  requiredHostBuiltins(): string[] {
    const instance = this.policy.wasmInstance as WebAssembly.Instance
    const exports = instance.exports as unknown as WasmExports
    const address = exports.opa_json_dump(exports.builtins())
    const bytes = new Uint8Array(this.policy.mem.buffer)
    let end = address
    while (bytes[end] !== 0) end++
    const builtins = JSON.parse(new TextDecoder().decode(bytes.subarray(address, end))) as Record<string, number>
    return Object.keys(builtins).sort()
  }

  /** Supplies `data` (kept for every later evaluation). */
  setData(data: object): void {
    this.data = data
    this.policy.setData(data)
  }

  /**
   * Evaluates deny and warn on one input. Where the module aborts (a built-in of the WebAssembly
   * runtime failing on a value OPA itself takes), the verdict is a denial saying so: the plan is
   * not judged as allowed, and no stack trace reaches the user.
   */
  evaluate(input: unknown): PolicyVerdict {
    const encoded = new TextEncoder().encode(JSON.stringify(input))
    this.reserveMemory(encoded.byteLength)
    // An ArrayBuffer is taken as JSON text as it is: serialized once for both rules.
    const buffer = encoded.byteLength === encoded.buffer.byteLength ? encoded.buffer : encoded.slice().buffer
    try {
      return { deny: this.setRule(buffer, 'spacelift/deny'), warn: this.setRule(buffer, 'spacelift/warn') }
    } catch (error) {
      // The instance's memory may be left inconsistent: start a fresh one for the next input.
      this.policy = opa.loadPolicySync(this.module, { initial: this.pages })
      this.policy.setData(this.data)
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200)
      return {
        deny: [
          `stack-accounts: the plan policy, compiled to WebAssembly, stopped on this plan (${reason}), so it is not judged here. ` +
            'Spacelift evaluates the policy with OPA itself; please report the plan to stack-accounts.'
        ],
        warn: []
      }
    }
  }

  private reserveMemory(inputBytes: number): void {
    const pages = initialMemoryPages(inputBytes)
    if (pages <= this.pages) return
    this.pages = pages
    this.policy = opa.loadPolicySync(this.module, { initial: pages })
    this.policy.setData(this.data)
  }

  /** The value of a set-of-strings rule: [] when undefined. */
  private setRule(input: ArrayBuffer, entrypoint: string): string[] {
    const results = this.policy.evaluate(input, entrypoint) as Array<{ result: unknown }>
    const value = results[0]?.result
    if (value === undefined) return []
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
      throw new Error(`plan policy: ${entrypoint} is not a set of strings: ${JSON.stringify(value).slice(0, 200)}`)
    }
    return [...new Set(value)].sort()
  }
}
