import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { parse as parseYaml } from 'yaml'

const schema = JSON.parse(readFileSync(new URL('../../schema/accounts.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>

type SchemaObject = {
  properties?: Record<string, SchemaObject>
  definitions?: Record<string, SchemaObject>
  description?: string
  pattern?: string
  patternErrorMessage?: string
  [key: string]: unknown
}

/** Every `properties` entry anywhere in the schema, with its dotted location. */
function allProperties(node: SchemaObject, where: string): [string, SchemaObject][] {
  const own = Object.entries(node.properties ?? {}).map(([key, value]): [string, SchemaObject] => [`${where}.${key}`, value])
  const nested = [...Object.entries(node.properties ?? {}), ...Object.entries(node.definitions ?? {})].flatMap(([key, value]) =>
    allProperties(value, `${where}.${key}`)
  )
  return [...own, ...nested]
}

describe('schema/accounts.schema.json', () => {
  it('is a draft-07 schema that strict ajv compiles, as editors and the CLI use it', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    const ajv = new Ajv({ strict: true })
    ajv.addVocabulary(['patternErrorMessage', 'markdownDescription'])
    const validate = ajv.compile(schema)
    const example = parseYaml(readFileSync(new URL('../../examples/acme/accounts.yaml', import.meta.url), 'utf8')) as Record<string, unknown>
    expect(validate(example)).toBe(true)
    expect(validate({ ...example, extra: 1 })).toBe(false)
  })

  it('documents every key, for editor completion', () => {
    const undocumented = allProperties(schema as SchemaObject, '$')
      .filter(([, value]) => typeof value.description !== 'string' || value.description.length < 10)
      .map(([where]) => where)
    expect(undocumented).toEqual([])
  })

  it('gives every pattern a human error message', () => {
    const walk = (node: unknown): SchemaObject[] =>
      typeof node === 'object' && node !== null ? [node as SchemaObject, ...Object.values(node).flatMap(walk)] : []
    const withPattern = walk(schema).filter((node) => typeof node.pattern === 'string')
    expect(withPattern.length).toBeGreaterThan(5)
    expect(withPattern.filter((node) => typeof node.patternErrorMessage !== 'string')).toEqual([])
  })

  it('uses the alias and stack ID patterns of CONTRACT §1', () => {
    const definitions = (schema as SchemaObject).definitions ?? {}
    expect(definitions.alias?.pattern).toBe('^[a-z][a-z0-9_]{0,62}$')
    const stackId = new RegExp(definitions.stackId?.pattern ?? '', 'u')
    const contract = /^[a-z0-9][a-z0-9-_]*$/
    for (const id of ['app', 'app-prod', 'a_b', '1st', '-x', '_x', 'App', 'a.b', 'a b', 'ü']) {
      expect([id, stackId.test(id)]).toEqual([id, contract.test(id)])
    }
  })
})
