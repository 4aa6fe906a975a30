/**
 * Shared by the check-plan tests: the policy compiled by the real scripts/build-wasm.sh (into a
 * temporary directory, so the tests always run the current Rego), the real OPA binary, the real
 * plans under __tests__/fixtures/spacelift, and declarations that allow or refuse them.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import type { Declaration } from '../../src/config/accounts.js'
import { buildDeclaration } from '../support/declaration.js'

export const REPO = path.resolve(import.meta.dirname, '../..')
export const FIXTURES = path.join(REPO, '__tests__/fixtures/spacelift')

export function toolsDir(): string {
  return process.env.STACK_ACCOUNTS_TOOLS ?? path.join(homedir(), '.cache/stack-accounts-tools')
}

export function opaBinary(): string {
  return path.join(toolsDir(), 'bin/opa')
}

/** Runs scripts/build-wasm.sh into a fresh temporary directory; returns the wasm path. */
export function buildPolicyWasm(policy?: string): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'stack-accounts-wasm-')), 'plan.wasm')
  execFileSync('bash', [path.join(REPO, 'scripts/build-wasm.sh'), out, ...(policy ? [policy] : [])], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] })
  return out
}

/** The real `terraform show -json` plans copied from public repositories (see PROVENANCE.md). */
export function fixturePlans(): Array<{ name: string; file: string; plan: unknown }> {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.plan.json'))
    .sort()
    .map((name) => {
      const file = path.join(FIXTURES, name)
      return { name, file, plan: JSON.parse(readFileSync(file, 'utf8')) as unknown }
    })
}

/** The role the terraform-compliance plan assumes through `role_arn = var.role_arn`. */
export const LEGACY_ROLE_ARN = 'arn:aws:iam::123456789012:role/cross-account-roles/cross-account-role-app'

/** Declares the terraform-compliance plan's role for stack app-legacy, and an unrelated app-prod. */
export function legacyDeclaration(): Declaration {
  return buildDeclaration({
    accounts: {
      legacy: { id: '123456789012', role: '/cross-account-roles/cross-account-role-app' },
      prod: { id: '222222222222' }
    },
    stacks: { 'app-legacy': { accounts: ['legacy'] }, 'app-prod': { accounts: ['prod'] } }
  })
}

/** Declares accounts nothing in the fixtures assumes. */
export function otherDeclaration(): Declaration {
  return buildDeclaration({
    accounts: { prod: { id: '222222222222' }, staging: { id: '333333333333', role: '/ci/deployer' } },
    stacks: { 'app-prod': { accounts: ['prod'] }, networking: { accounts: ['prod', 'staging'], access: 'read-only' } }
  })
}
