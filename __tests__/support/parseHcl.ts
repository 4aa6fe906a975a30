/** Test helper: parse generated Terraform with the real HCL parser (HashiCorp's, compiled to wasm). */
import { parse } from '@cdktf/hcl2json'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export async function parseTf(text: string, file = 'generated.tf'): Promise<Record<string, Json>> {
  return (await parse(file, text)) as Record<string, Json>
}

/**
 * hcl2json answers in Terraform's JSON syntax, where every string is a template: a literal `${`
 * or `%{` is written `$${` / `%%{`, while a real interpolation stays `${...}`. This is the JSON form
 * of a string whose value is exactly `value` (no interpolation).
 */
export function literal(value: string): string {
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')
}

/** obj[key], asserting the shape on the way (for readable test failures). */
export function get(value: Json | undefined, ...path: (string | number)[]): Json {
  let current: Json | undefined = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') throw new Error(`no ${String(key)} in ${JSON.stringify(current)}`)
    current = Array.isArray(current) ? current[key as number] : (current as Record<string, Json>)[key as string]
    if (current === undefined) throw new Error(`no ${String(key)} in ${JSON.stringify(value)}`)
  }
  return current as Json
}
