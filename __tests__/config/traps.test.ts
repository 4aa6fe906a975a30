/**
 * Every trap of CONTRACT §1, each with the exact diagnostic a user gets: path, position and an
 * actionable message. Each test fails if its check is removed.
 */
import { describe, it, expect } from '@jest/globals'
import { BASE, edit, errorsOf, parse, positionOf } from './helpers.js'

/** Asserts the text yields exactly one error, at `path`, positioned at `needle`, matching `message`. */
function expectOneError(text: string, path: string, needle: string | { line: number; column: number }, message: RegExp): void {
  const result = parse(text)
  expect(result.declaration).toBeNull()
  const errors = errorsOf(result)
  expect(errors.map((e) => `${e.path}: ${e.message}`)).toHaveLength(1)
  const position = typeof needle === 'string' ? positionOf(text, needle) : needle
  expect(errors[0]).toMatchObject({ file: 'accounts.yaml', path, ...position })
  expect(errors[0]?.message).toMatch(message)
}

describe('account IDs written as YAML numbers', () => {
  it('says to quote 012345678901 and that YAML dropped the leading zero (read from the source token)', () => {
    const text = edit(BASE, '"222222222222"', '012345678901')
    expectOneError(
      text,
      'accounts.prod.id',
      '012345678901',
      /^write it as a quoted string, e\.g\. "012345678901": unquoted, YAML reads 012345678901 as the number 12345678901 and drops the leading zero$/
    )
  })

  it('says to quote 222222222222', () => {
    const text = edit(BASE, '"222222222222"', '222222222222')
    expectOneError(text, 'accounts.prod.id', '222222222222', /^write it as a quoted string, e\.g\. "222222222222": unquoted, YAML reads it as a number$/)
  })

  it('applies to the hub and a self-hosted Spacelift account too', () => {
    expectOneError(edit(BASE, '"111111111111"', '111111111111'), 'hub.account_id', '111111111111', /^write it as a quoted string, e\.g\. "111111111111"/)
    const selfHosted = edit(BASE, 'region: eu\n', 'aws_account_id: 012345678901\n')
    expectOneError(selfHosted, 'spacelift.aws_account_id', '012345678901', /e\.g\. "012345678901".*leading zero/)
  })

  it('rejects a quoted ID that is not 12 digits', () => {
    expectOneError(edit(BASE, '"222222222222"', '"22222222222"'), 'accounts.prod.id', '"22222222222"', /^must be exactly 12 digits/)
  })
})

describe('YAML structure', () => {
  it('reports a duplicate key with both positions, and goes on validating', () => {
    const text = edit(edit(BASE, '  staging:\n', '  prod:\n    id: "999999999999"\n  staging:\n'), 'version: 1', 'version: 3')
    const errors = errorsOf(parse(text))
    const second = { line: 16, column: 3 }
    expect(positionOf(text, '  prod:\n'.trim()).line).toBe(14)
    expect(errors).toEqual([
      expect.objectContaining({ path: 'version', line: 1, column: 10 }),
      expect.objectContaining({ path: 'accounts.prod', ...second, message: "duplicate key 'prod': already defined at line 14, column 3" })
    ])
  })

  it('reports a duplicate top-level key', () => {
    const text = `${BASE}version: 1\n`
    expectOneError(text, 'version', { line: 25, column: 1 }, /^duplicate key 'version': already defined at line 1, column 1$/)
  })

  it('explains a tab in the indentation, once', () => {
    const text = edit(BASE, '    id: "222222222222"', '\tid: "222222222222"')
    expectOneError(text, '', { line: 15, column: 1 }, /^tab character in indentation: YAML indents with spaces only; replace the tab with spaces$/)
  })

  it.each([
    ['an empty file', ''],
    ['only comments', '# accounts.yaml\n# nothing yet\n'],
    ['only a document marker', '---\n']
  ])('refuses %s', (_name, text) => {
    expectOneError(text, '', { line: 1, column: 1 }, /^the file is empty \(or only comments\): it must be a mapping that starts with 'version: 1'$/)
  })

  it.each([
    ['a list', '- version: 1\n', /not a list$/],
    ['a scalar', 'version 1\n', /not a single value$/],
    ['a written null', 'null\n', /not a single value$/]
  ])('refuses a root that is %s', (_name, text, message) => {
    expectOneError(text, '', { line: 1, column: 1 }, /^the top level must be a mapping \(version:, spacelift:, hub:, accounts:, stacks:\)/)
    expect(errorsOf(parse(text))[0]?.message).toMatch(message)
  })

  it('refuses several YAML documents, pointing at the second', () => {
    const text = `${BASE}---\n${BASE}`
    expectOneError(text, '', { line: 25, column: 1 }, /^found 2 YAML documents: accounts\.yaml must hold exactly one/)
  })

  it('refuses an empty first document followed by another', () => {
    expectOneError('---\n---\nversion: 1\n', '', { line: 2, column: 1 }, /^found 2 YAML documents/)
  })

  it('refuses an alias bomb with a bounded amount of work', () => {
    let bomb = 'version: 1\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
    for (let level = 1; level <= 12; level++)
      bomb += `l${level}: &l${level} [${Array(10)
        .fill(`*l${level - 1}`)
        .join(', ')}]\n`
    const result = parse(bomb)
    expect(errorsOf(result).map((e) => e.message)).toEqual([
      'too many alias expansions (more than 10000): refusing a file whose anchors and aliases expand exponentially'
    ])
    expect(errorsOf(result)[0]).toMatchObject({ line: 3, column: 10 })
  })

  it('names an alias whose anchor does not exist', () => {
    const text = edit(BASE, '[prod]', '*prod_accounts')
    expectOneError(text, '', '*prod_accounts', /^unknown anchor: \*prod_accounts refers to no '&prod_accounts' defined before it$/)
  })

  it('refuses merge keys rather than guessing', () => {
    const text = edit(BASE, '  prod:\n    id: "222222222222"', '  prod: &p\n    id: "222222222222"\n  qa:\n    id: "444444444444"\n    <<: *p')
    const errors = errorsOf(parse(text))
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual(["accounts.qa.<<: merge keys (<<) are not supported: put shared values under 'defaults:'"])
  })

  it('reports a YAML syntax error with its position', () => {
    const text = edit(BASE, '[prod]', '[prod')
    const errors = errorsOf(parse(text))
    expect(errors.length).toBeGreaterThan(0)
    expect(errors[0]?.message).toMatch(/^YAML syntax error: /)
    expect(errors[0]?.line).toBeGreaterThanOrEqual(positionOf(text, '[prod').line)
  })
})

describe('unknown and missing keys', () => {
  it.each([
    [
      'an account key',
      '    id: "222222222222"',
      '    id: "222222222222"\n    regoin: eu-west-1',
      'accounts.prod.regoin',
      'regoin',
      "unknown key 'regoin'; did you mean 'region'?"
    ],
    ['a top-level key', 'stacks:', 'stack:', 'stack', 'stack:', "unknown key 'stack'; did you mean 'stacks'?"],
    [
      'a camelCase key',
      'session_tags: true',
      'sessionTags: true',
      'spacelift.sessionTags',
      'sessionTags',
      "unknown key 'sessionTags'; did you mean 'session_tags'?"
    ],
    [
      'a dashed key',
      '    external_id: s3cr3t-staging',
      '    external-id: s3cr3t-staging',
      'accounts.staging.external-id',
      'external-id',
      "unknown key 'external-id'; did you mean 'external_id'?"
    ]
  ])('suggests the closest key for %s', (_name, from, to, path, needle, message) => {
    const text = edit(BASE, from, to)
    const errors = errorsOf(parse(text))
    expect(errors.map((e) => ({ path: e.path, line: e.line, column: e.column, message: e.message }))).toContainEqual({
      path,
      ...positionOf(text, needle),
      message
    })
  })

  it('lists the expected keys when nothing is close', () => {
    const text = edit(BASE, '  role: spacelift-hub', '  role: spacelift-hub\n  owner: platform-team')
    expectOneError(text, 'hub.owner', 'owner', /^unknown key 'owner' \(expected one of: account_id, role, permissions, organization_id, bootstrap_role\)$/)
  })

  it('names a missing required key at the mapping that lacks it', () => {
    const text = edit(BASE, '  role: spacelift-hub\n', '')
    expectOneError(text, 'hub', 'hub:', /^missing required key 'role'$/)
  })

  it('requires role and region in the account or in defaults', () => {
    const text = edit(BASE, 'defaults:\n  role: spacelift-target\n  region: eu-west-1\n', 'defaults:\n  region: eu-west-1\n')
    const errors = errorsOf(parse(text))
    expect(errors.map((e) => `${e.line}:${e.column}: ${e.path}: ${e.message}`)).toEqual([
      `${positionOf(text, 'prod:').line}:3: accounts.prod: no role: set accounts.prod.role or defaults.role`,
      `${positionOf(text, 'staging:').line}:3: accounts.staging: no role: set accounts.staging.role or defaults.role`
    ])
  })

  it('says once, not per account, that many accounts lack a default', () => {
    const extra = ['a', 'b', 'c'].map((alias, i) => `  ${alias}:\n    id: "${i + 4}00000000000"\n`).join('')
    const text = edit(edit(edit(BASE, '  region: eu-west-1\n', ''), 'accounts:\n', `accounts:\n${extra}`), '[prod]', '[prod, a, b, c]')
    const errors = errorsOf(parse(text))
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'accounts: 5 accounts have no region (a, b, c and 2 more): set defaults.region, or region in each account'
    ])
  })

  it('refuses an empty value with the type it expects', () => {
    const text = edit(BASE, 'account: acme', 'account:')
    expectOneError(text, 'spacelift.account', 'account:', /^is empty: expected a string$/)
  })
})

describe('booleans', () => {
  it.each(['yes', 'no', 'on', 'off', 'Yes', 'OFF', 'y'])('tells to write true/false for the YAML 1.1 boolean %s', (word) => {
    const text = edit(BASE, 'session_tags: true', `session_tags: ${word}`)
    expectOneError(
      text,
      'spacelift.session_tags',
      { line: 6, column: 17 },
      new RegExp(`^write true or false: '${word}' is a YAML 1\\.1 boolean, which YAML 1\\.2 reads as the string "${word}"$`)
    )
  })

  it('tells to unquote a quoted "true"', () => {
    expectOneError(edit(BASE, 'session_tags: true', 'session_tags: "true"'), 'spacelift.session_tags', '"true"', /^write true without quotes/)
  })
})

describe('aliases and stacks', () => {
  it('refuses a stack naming an undeclared alias, with a suggestion when one is close', () => {
    const text = edit(BASE, '[prod, staging]', '[prod, stagign]')
    expectOneError(text, 'stacks.networking.accounts.1', 'stagign', /^unknown account alias 'stagign'; did you mean 'staging'\?$/)
    const far = edit(BASE, '[prod, staging]', '[prod, staging, sandbox]')
    expectOneError(far, 'stacks.networking.accounts.2', 'sandbox', /^unknown account alias 'sandbox': declare it under accounts$/)
  })

  it.each([
    ['Prod', 'uppercase'],
    ['1prod', 'leading digit'],
    ['pro-d', 'dash'],
    [`p${'x'.repeat(63)}`, '64 characters']
  ])('refuses the alias %s (%s)', (alias) => {
    const text = edit(BASE, '  prod:\n', `  ${alias}:\n`).replace(/\[prod\b/g, `[${alias}`)
    expectOneError(
      text,
      `accounts.${alias}`,
      `${alias}:`,
      new RegExp(`^account alias '${alias}' must be a lowercase letter followed by up to 62 lowercase letters, digits or '_'`)
    )
  })

  it('accepts the longest alias (63 characters)', () => {
    const alias = `p${'x'.repeat(62)}`
    const text = edit(BASE, '  prod:\n', `  ${alias}:\n`).replace(/\[prod\b/g, `[${alias}`)
    expect(errorsOf(parse(text))).toEqual([])
  })

  it.each(['App-prod', '-app', 'app prod', 'app.prod'])('refuses the stack ID %s', (stack) => {
    const text = edit(BASE, '  app-prod:\n', `  ${JSON.stringify(stack)}:\n`)
    expectOneError(text, `stacks.${stack}`, JSON.stringify(stack), /^stack ID '.*' must be a Spacelift stack ID \(slug\)/)
  })

  it('refuses an account listed twice in one stack (an error: it is usually a typo for another account)', () => {
    const text = edit(BASE, '[prod, staging]', '[prod, staging, prod]')
    expectOneError(
      text,
      'stacks.networking.accounts.2',
      { line: 23, column: 31 },
      /^'prod' is listed twice \(first at line 23, column 16\): list each account once$/
    )
  })

  it('refuses an empty accounts list and a bare alias instead of a list', () => {
    expectOneError(edit(BASE, '[prod]', '[]'), 'stacks.app-prod.accounts', '[]', /^must list at least one account alias, e\.g\. \[prod\]$/)
    expectOneError(edit(BASE, '[prod]', 'prod'), 'stacks.app-prod.accounts', { line: 21, column: 15 }, /^must be a list: write \[prod\]$/)
  })

  it('refuses two aliases with the same account ID, naming the first', () => {
    const text = edit(BASE, '"333333333333"', '"222222222222"')
    expectOneError(
      text,
      'accounts.staging.id',
      { line: 17, column: 9 },
      /^account 222222222222 is already declared as 'prod' \(line 15\): use one alias per account$/
    )
  })

  it('accepts a target role in the hub account, but not the hub role itself', () => {
    expect(errorsOf(parse(edit(BASE, '"333333333333"', '"111111111111"')))).toEqual([])
    const text = edit(BASE, '"333333333333"', '"111111111111"\n    role: /spacelift-hub')
    expectOneError(text, 'accounts.staging.role', '/spacelift-hub', /^this target role is the hub role itself \(spacelift-hub in 111111111111\)/)
  })

  // IAM role names are unique in an account whatever the path, and not distinguished by case: a
  // target role /other/spacelift-hub or /Spacelift-Hub in the hub account IS the hub role (one IAM
  // role, one file under --existing, two desired documents; AWS refuses the second on apply).
  it.each(['/other/spacelift-hub', 'Spacelift-Hub', '/x/SPACELIFT-HUB'])(
    'refuses the target role %s in the hub account: the same IAM role as the hub',
    (role) => {
      const text = edit(BASE, '"333333333333"', `"111111111111"\n    role: ${role}`)
      expectOneError(
        text,
        'accounts.staging.role',
        role,
        /^this target role is the hub role itself \(spacelift-hub in 111111111111\).*names are unique in an account whatever the path and case/
      )
    }
  )
})

describe('field formats', () => {
  it.each(['spacelift-target', '/spacelift/target', '/a/b.c/x+=,.@-_9', 'r'.repeat(64)])('accepts the role %s', (role) => {
    expect(errorsOf(parse(edit(BASE, 'role: spacelift-target', `role: ${role}`)))).toEqual([])
  })

  it.each(['spacelift/target', '/spacelift/', 'spacelift*', 'r'.repeat(65), '/a//b', 'rôle'])('refuses the role %s', (role) => {
    const text = edit(BASE, 'role: spacelift-target', `role: "${role}"`)
    expectOneError(text, 'defaults.role', `"${role}"`, /^must be an IAM role name \(1-64 of A-Z a-z 0-9 _\+=,\.@-\), optionally after a path: \/path\/name/)
  })

  it("refuses a role path longer than IAM's 512 characters", () => {
    const role = `/${'p'.repeat(511)}/name`
    expectOneError(edit(BASE, 'role: spacelift-target', `role: ${role}`), 'defaults.role', role, /^the role path is longer than IAM's 512 characters$/)
  })

  it.each(['ab', 'a:b/c@d=e,f.g+h_i-j', 'x'.repeat(1224)])('accepts the external ID %s', (externalId) => {
    expect(errorsOf(parse(edit(BASE, 's3cr3t-staging', externalId)))).toEqual([])
  })

  it.each(['x', 'x'.repeat(1225), 'has space', 'semi;colon'])('refuses the external ID %s', (externalId) => {
    const text = edit(BASE, 's3cr3t-staging', `"${externalId}"`)
    expectOneError(
      text,
      'accounts.staging.external_id',
      `"${externalId}"`,
      /^must be 2-1224 characters of A-Z a-z 0-9 and _\+=,\.@:\/- \(the sts:ExternalId charset\) \(got "/
    )
  })

  it.each(['europe', 'EU-WEST-1', 'eu-west', 'euwest1'])('refuses the region %s', (region) => {
    expectOneError(edit(BASE, 'region: eu-west-1', `region: ${region}`), 'defaults.region', region, /^must be an AWS region such as eu-west-1/)
  })

  it('refuses a region of another partition', () => {
    const text = edit(BASE, '    id: "222222222222"', '    id: "222222222222"\n    region: cn-north-1')
    expectOneError(text, 'accounts.prod.region', 'cn-north-1', /^region cn-north-1 is in partition aws-cn, but partition is aws$/)
  })

  it.each([
    ['lowercase', '01hzx3q5m8k2v7w9abcdefghjk'],
    ['25 characters', '01HZX3Q5M8K2V7W9ABCDEFGHJ'],
    ['a U (not in the ULID alphabet)', '01HZX3Q5M8K2V7W9ABCDEFGHJU']
  ])('refuses an integration_id with %s', (_name, id) => {
    const text = edit(BASE, '01HZX3Q5M8K2V7W9ABCDEFGHJK', id)
    expectOneError(text, 'spacelift.integration_id', id, /^must be a Spacelift integration ID: 26 characters of 0-9 and uppercase A-Z \(a ULID\)/)
  })

  it('tells to quote an integration_id YAML read as a number', () => {
    const text = edit(BASE, '01HZX3Q5M8K2V7W9ABCDEFGHJK', '12345678901234567890123456')
    expectOneError(
      text,
      'spacelift.integration_id',
      '12345678901234567890123456',
      /^must be a string: write it in quotes, e\.g\. "12345678901234567890123456"$/
    )
  })

  it('refuses values outside an enum, listing the allowed ones', () => {
    expectOneError(
      edit(BASE, 'access: read-only', 'access: readonly'),
      'stacks.networking.access',
      'readonly',
      /^must be one of read-write, read-only \(got "readonly"\)$/
    )
    expectOneError(edit(BASE, 'region: eu\n', 'region: EU\n'), 'spacelift.region', 'EU', /^must be one of eu, us \(got "EU"\)$/)
  })
})

describe('version and Spacelift principal', () => {
  it('requires version 1, as a number', () => {
    expectOneError(edit(BASE, 'version: 1', 'version: 2'), 'version', '2', /^must be 1: the only format version this release reads \(got 2\)$/)
    expectOneError(edit(BASE, 'version: 1', 'version: "1"'), 'version', '"1"', /^write 1 without quotes/)
    expectOneError(edit(BASE, 'version: 1\n', ''), '', { line: 1, column: 1 }, /^missing required key 'version'$/)
  })

  it('refuses spacelift.region together with spacelift.aws_account_id', () => {
    const text = edit(BASE, '  region: eu\n', '  region: eu\n  aws_account_id: "123456789012"\n')
    expectOneError(
      text,
      'spacelift.aws_account_id',
      'aws_account_id',
      /^set either spacelift\.region \(Spacelift SaaS\) or spacelift\.aws_account_id \(self-hosted\), not both$/
    )
  })

  it('refuses a partition other than aws with Spacelift SaaS, explicit or by default', () => {
    const gov = (text: string) => edit(edit(text, 'hub:', 'partition: aws-us-gov\nhub:'), 'region: eu-west-1', 'region: us-gov-west-1')
    expectOneError(
      gov(BASE),
      'partition',
      'aws-us-gov',
      /^partition aws-us-gov needs a self-hosted Spacelift \(spacelift\.aws_account_id\): Spacelift SaaS \(region eu\) assumes roles from the aws partition$/
    )
    expectOneError(gov(edit(BASE, '  region: eu\n', '')), 'partition', 'aws-us-gov', /^partition aws-us-gov needs a self-hosted Spacelift/)
  })
})

describe('odd YAML that must not slip through or flood the output', () => {
  it('reports a duplicate key inside a flow mapping with both positions', () => {
    const text = edit(BASE, 'hub:\n  account_id: "111111111111"\n  role: spacelift-hub\n', 'hub: {account_id: "111111111111", role: a, role: b}\n')
    expectOneError(text, 'hub.role', { line: 7, column: 44 }, /^duplicate key 'role': already defined at line 7, column 35$/)
  })

  it('refuses YAML tags such as !Ref', () => {
    expectOneError(edit(BASE, 'role: spacelift-hub', 'role: !Ref HubRole'), '', '!Ref', /^unsupported tag \(!Ref\): write plain values, without YAML tags$/)
  })

  it('treats __proto__ as an ordinary, invalid alias', () => {
    const text = edit(BASE, '  prod:\n', '  __proto__:\n    id: "999999999999"\n  prod:\n')
    expectOneError(text, 'accounts.__proto__', '__proto__', /^account alias '__proto__' must be a lowercase letter/)
  })

  it('does not call every alias unknown when accounts is not a mapping', () => {
    const text = edit(BASE, '  prod:\n    id: "222222222222"\n  staging:\n    id: "333333333333"\n    external_id: s3cr3t-staging\n', '  - prod\n')
    expectOneError(text, 'accounts', '- prod', /^must be a mapping of keys to values, not a list$/)
  })
})

describe('deep nesting', () => {
  it('refuses data nested far deeper than accounts.yaml needs, without exhausting the stack', () => {
    const text = `version: 1\nspacelift: ${'['.repeat(500)}${']'.repeat(500)}\n`
    expectOneError(text, '', { line: 2, column: 44 }, /^nested more than 32 levels deep: refusing to read further$/)
  })
})

describe('stack IDs and aliases that YAML reads as numbers', () => {
  for (const [written, becomes] of [
    ['007', '7'],
    ['1e3', '1000'],
    ['0x10', '16'],
    ['0o17', '15'],
    ['+12', '12'],
    ['12.0', '12']
  ] as const) {
    it(`refuses the stack ID ${written} (YAML reads it as ${becomes}) with its line and "quote it"`, () => {
      const text = edit(BASE, '  app-prod:\n', `  ${written}:\n`)
      const errors = errorsOf(parse(text))
      expect(parse(text).declaration).toBeNull()
      const error = errors.find((e) => e.path === `stacks.${becomes}`)
      expect(error).toMatchObject({ file: 'accounts.yaml', ...positionOf(text, `${written}:`) })
      expect(error?.message).toBe(
        `stack ID ${written} is read by YAML as the number ${becomes}, so the stack ID would become "${becomes}": quote it ("${written}")`
      )
    })
  }

  it('accepts a numeric stack ID written as YAML reads it, and a quoted one', () => {
    expect(parse(edit(BASE, '  app-prod:\n', '  123:\n')).declaration?.stacks.map((s) => s.id)).toContain('123')
    expect(parse(edit(BASE, '  app-prod:\n', '  "007":\n')).declaration?.stacks.map((s) => s.id)).toContain('007')
  })
})

describe('YAML 1.1 tags', () => {
  for (const [value, tag] of [
    ['!!binary aGVsbG8=', '!!binary'],
    ['!!timestamp 2001-12-14', '!!timestamp'],
    ['!!set { a }', '!!set']
  ] as const) {
    it(`names the tag ${tag} instead of calling the value "a mapping"`, () => {
      const text = edit(BASE, '"222222222222"', value)
      const errors = errorsOf(parse(text))
      expect(errors).toHaveLength(1)
      // At the tagged value (the text after the tag).
      expect(errors[0]).toMatchObject({ path: 'accounts.prod.id', ...positionOf(text, value.slice(tag.length + 1)) })
      expect(errors[0]?.message).toBe(
        `YAML 1.1 tag ${tag} is not supported: accounts.yaml is read as YAML 1.2 (core schema); write a plain value without a tag`
      )
    })
  }

  it('accepts the core !!str tag', () => {
    expect(parse(edit(BASE, '"222222222222"', '!!str 222222222222')).declaration).not.toBeNull()
  })
})

describe('role names and paths by IAM rules, in validate', () => {
  const cases: [string, RegExp][] = [
    ['..', /^role name "\.\." is refused/],
    ['.', /^role name "\." is refused/],
    ['/../target', /^role path "\/\.\.\/" has a "\." or "\.\." segment/],
    ['/a/./target', /^role path "\/a\/\.\/" has a "\." or "\.\." segment/]
  ]
  for (const [role, message] of cases) {
    it(`refuses role ${role} at its place`, () => {
      const text = edit(BASE, 'role: spacelift-target', `role: "${role}"`)
      expectOneError(text, 'defaults.role', `"${role}"`, message)
    })
  }
})
