/**
 * A recording stand-in for @actions/core, installed with jest.unstable_mockModule before the
 * modules under test are imported. Inputs come from `inputs`; everything the action reports
 * (annotations, outputs, failure, summary) is recorded.
 */
import type { AnnotationProperties } from '@actions/core'

export interface CoreRecord {
  inputs: Record<string, string>
  outputs: Record<string, string>
  errors: { message: string; properties?: AnnotationProperties }[]
  warnings: { message: string; properties?: AnnotationProperties }[]
  infos: string[]
  failed: string[]
  summary: string[]
}

export const record: CoreRecord = { inputs: {}, outputs: {}, errors: [], warnings: [], infos: [], failed: [], summary: [] }

export function resetCore(inputs: Record<string, string> = {}): void {
  record.inputs = { ...inputs }
  record.outputs = {}
  record.errors = []
  record.warnings = []
  record.infos = []
  record.failed = []
  record.summary = []
}

const message = (m: string | Error): string => (typeof m === 'string' ? m : m.message)

function getInput(name: string, options?: { required?: boolean; trimWhitespace?: boolean }): string {
  const value = record.inputs[name] ?? ''
  if (options?.required && value === '') throw new Error(`Input required and not supplied: ${name}`)
  return options?.trimWhitespace === false ? value : value.trim()
}

let buffer = ''
export const coreMock = {
  getInput,
  getMultilineInput: (name: string) =>
    getInput(name)
      .split('\n')
      .filter((l) => l !== ''),
  getBooleanInput: (name: string) => getInput(name) === 'true',
  setOutput: (name: string, value: unknown) => {
    record.outputs[name] = String(value)
  },
  setFailed: (m: string | Error) => {
    record.failed.push(message(m))
  },
  error: (m: string | Error, properties?: AnnotationProperties) => {
    record.errors.push({ message: message(m), ...(properties ? { properties } : {}) })
  },
  warning: (m: string | Error, properties?: AnnotationProperties) => {
    record.warnings.push({ message: message(m), ...(properties ? { properties } : {}) })
  },
  notice: () => undefined,
  info: (m: string) => {
    record.infos.push(m)
  },
  debug: () => undefined,
  isDebug: () => false,
  summary: {
    addRaw(text: string) {
      buffer += text
      return this
    },
    write() {
      record.summary.push(buffer)
      buffer = ''
      return Promise.resolve(this)
    },
    emptyBuffer() {
      buffer = ''
      return this
    }
  }
}
