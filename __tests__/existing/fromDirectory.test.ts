import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../../src/common/diagnostics.js'
import { MAX_POLICY_FILE_BYTES, readExistingFromDirectory } from '../../src/existing/fromDirectory.js'
import { roleKeyString, type RoleKey } from '../../src/existing/existingPolicies.js'

const HUB = '111111111111'
const hub: RoleKey = { kind: 'hub', accountId: HUB, role: { path: '/', name: 'spacelift-hub' } }
const target = (accountId: string, name = 'spacelift-target', rolePath = '/'): RoleKey => ({
  kind: 'target',
  accountId,
  role: { path: rolePath, name }
})

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${HUB}:role/spacelift-hub` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'a+b=c,d@e/f:g 100%' } }
    }
  ]
}
const OTHER_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }
const PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/spacelift-target' }]
}
/** IAM's encoding of documents (RFC 3986, as the API returns them). */
const urlEncoded = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc))

let base: string

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(base, 'existing-'))
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, ...relative.split('/'))
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
  }
  return dir
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'stack-accounts-existing-'))
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('readExistingFromDirectory', () => {
  it('reads a plain policy document, and a missing file means the role does not exist yet', async () => {
    const dir = await tree({ '222222222222/spacelift-target.json': json(TRUST) })
    const set = await readExistingFromDirectory(dir, [target('222222222222'), target('333333333333')])
    expect(set.errors).toEqual([])
    expect(set.unexpectedFiles).toEqual([])
    expect(set.roles.get(roleKeyString('222222222222', 'spacelift-target'))).toEqual({
      key: target('222222222222'),
      trustPolicy: TRUST,
      source: path.join(dir, '222222222222', 'spacelift-target.json')
    })
    expect(set.roles.get('333333333333/spacelift-target')).toEqual({
      key: target('333333333333'),
      trustPolicy: null,
      source: null
    })
  })

  it('unwraps `aws iam get-role` output, with the document as an object or URL-encoded', async () => {
    const dir = await tree({
      '222222222222/as-object.json': json({ Role: { Path: '/', RoleName: 'as-object', AssumeRolePolicyDocument: TRUST } }),
      '222222222222/as-encoded.json': json({ Role: { Path: '/', RoleName: 'as-encoded', AssumeRolePolicyDocument: urlEncoded(TRUST) } }),
      '222222222222/query-role.json': json({ RoleName: 'query-role', AssumeRolePolicyDocument: urlEncoded(TRUST) }),
      '222222222222/raw-encoded.json': urlEncoded(TRUST),
      '222222222222/encoded-string.json': JSON.stringify(urlEncoded(TRUST))
    })
    const names = ['as-object', 'as-encoded', 'query-role', 'raw-encoded', 'encoded-string']
    const set = await readExistingFromDirectory(
      dir,
      names.map((n) => target('222222222222', n))
    )
    expect(set.errors).toEqual([])
    for (const name of names) expect(set.roles.get(`222222222222/${name}`)?.trustPolicy).toEqual(TRUST)
  })

  it('reads <role>.trust.json as render writes it; both names holding the same policy is fine', async () => {
    const dir = await tree({
      '222222222222/spacelift-target.trust.json': json(TRUST),
      '333333333333/spacelift-target.trust.json': json(TRUST),
      '333333333333/spacelift-target.json': JSON.stringify(TRUST)
    })
    const set = await readExistingFromDirectory(dir, [target('222222222222'), target('333333333333')])
    expect(set.errors).toEqual([])
    expect(set.unexpectedFiles).toEqual([])
    expect(set.roles.get('222222222222/spacelift-target')).toMatchObject({
      trustPolicy: TRUST,
      source: path.join(dir, '222222222222', 'spacelift-target.trust.json')
    })
    expect(set.roles.get('333333333333/spacelift-target')?.trustPolicy).toEqual(TRUST)
  })

  it('refuses both names holding different policies', async () => {
    const dir = await tree({
      '222222222222/spacelift-target.trust.json': json(TRUST),
      '222222222222/spacelift-target.json': json(OTHER_TRUST)
    })
    const set = await readExistingFromDirectory(dir, [target('222222222222')])
    const role = set.roles.get('222222222222/spacelift-target')
    expect(role?.trustPolicy).toBeNull()
    expect(role?.error).toContain('hold different policies for role spacelift-target')
    expect(set.errors).toHaveLength(1)
    expect(set.errors[0]).toMatchObject({ severity: 'error', file: path.join(dir, '222222222222', 'spacelift-target.json') })
  })

  it('reads the hub permission policy: a document, or get-role-policy output URL-encoded; absent => not known (undefined) for an existing role, null for a missing one', async () => {
    const withDoc = await tree({
      [`${HUB}/spacelift-hub.trust.json`]: json(TRUST),
      [`${HUB}/spacelift-hub.permissions.json`]: json(PERMISSIONS)
    })
    const withOutput = await tree({
      [`${HUB}/spacelift-hub.json`]: json({ Role: { AssumeRolePolicyDocument: urlEncoded(TRUST) } }),
      [`${HUB}/spacelift-hub.permissions.json`]: json({
        RoleName: 'spacelift-hub',
        PolicyName: 'stack-accounts',
        PolicyDocument: urlEncoded(PERMISSIONS)
      })
    })
    const without = await tree({ [`${HUB}/spacelift-hub.json`]: json(TRUST) })
    for (const dir of [withDoc, withOutput]) {
      const set = await readExistingFromDirectory(dir, [hub])
      expect(set.errors).toEqual([])
      expect(set.roles.get(`${HUB}/spacelift-hub`)).toMatchObject({ trustPolicy: TRUST, permissionPolicy: PERMISSIONS })
    }
    const set = await readExistingFromDirectory(without, [hub])
    expect(set.roles.get(`${HUB}/spacelift-hub`)).toMatchObject({ trustPolicy: TRUST })
    expect(set.roles.get(`${HUB}/spacelift-hub`)?.permissionPolicy).toBeUndefined()
    const missing = await readExistingFromDirectory(await tree({ [`${HUB}/other.json`]: json(TRUST) }), [hub])
    expect(missing.roles.get(`${HUB}/spacelift-hub`)).toMatchObject({ trustPolicy: null, permissionPolicy: null })
    // A target's permissions file is not read: it belongs to no declared role.
    const targetPermissions = await tree({ '222222222222/spacelift-target.permissions.json': json(PERMISSIONS) })
    const t = await readExistingFromDirectory(targetPermissions, [target('222222222222')])
    expect(t.roles.get('222222222222/spacelift-target')?.permissionPolicy).toBeUndefined()
    expect(t.unexpectedFiles).toEqual(['222222222222/spacelift-target.permissions.json'])
  })

  it('reports malformed JSON at its line and column, and still loads the other roles', async () => {
    const dir = await tree({
      '222222222222/spacelift-target.json': '{\n  "Version": "2012-10-17",\n  "Statement": [}\n',
      '333333333333/spacelift-target.json': '{\n  "Version": "2012-10-17",\n  "Statement": [],\n}\n',
      '444444444444/spacelift-target.json': json(TRUST),
      [`${HUB}/spacelift-hub.json`]: json(TRUST),
      [`${HUB}/spacelift-hub.permissions.json`]: '{"Version": "2012-10-17", "Statement": [\n'
    })
    const set = await readExistingFromDirectory(dir, [hub, target('222222222222'), target('333333333333'), target('444444444444')])
    expect(set.roles.get('444444444444/spacelift-target')?.trustPolicy).toEqual(TRUST)
    expect(set.roles.get(`${HUB}/spacelift-hub`)?.trustPolicy).toEqual(TRUST)
    expect(set.errors.map((d) => [path.relative(dir, d.file), d.line, d.column, d.message])).toEqual([
      [path.join(HUB, 'spacelift-hub.permissions.json'), 2, 1, 'invalid JSON: Unexpected end of JSON input'],
      [path.join('222222222222', 'spacelift-target.json'), 3, 17, "invalid JSON: Unexpected token '}'"],
      [path.join('333333333333', 'spacelift-target.json'), 4, 1, 'invalid JSON: Expected double-quoted property name']
    ])
    const broken = set.roles.get('222222222222/spacelift-target')
    expect(broken?.trustPolicy).toBeNull()
    expect(broken?.error).toBe(`${path.join(dir, '222222222222', 'spacelift-target.json')}:3:17: invalid JSON: Unexpected token '}'`)
    expect(set.roles.get(`${HUB}/spacelift-hub`)?.error).toContain('spacelift-hub.permissions.json:2:1')
  })

  it('refuses JSON that is not a policy document object', async () => {
    const dir = await tree({
      '222222222222/a.json': '[]',
      '222222222222/b.json': json({ Role: { RoleName: 'b' } }),
      '222222222222/c.json': '"%7Bnot json"'
    })
    const set = await readExistingFromDirectory(
      dir,
      ['a', 'b', 'c'].map((n) => target('222222222222', n))
    )
    expect(set.errors.map((d) => d.message)).toEqual([
      'expected a policy document (a JSON object), found an array',
      'get-role output without Role.AssumeRolePolicyDocument',
      expect.stringContaining('the embedded policy document is not valid JSON')
    ])
  })

  it('lists files that match no declared role, sorted, relative to DIR', async () => {
    const dir = await tree({
      '222222222222/spacelift-target.json': json(TRUST),
      '222222222222/old-role.json': json(TRUST),
      '222222222222/notes.txt': 'x',
      '222222222222/nested/deeper.json': json(TRUST),
      '999999999999/spacelift-target.json': json(TRUST),
      'README.md': '# policies',
      'not-an-account/x.json': json(TRUST),
      '.gitkeep': '',
      '222222222222/.hidden': ''
    })
    const set = await readExistingFromDirectory(dir, [target('222222222222')])
    expect(set.roles.get('222222222222/spacelift-target')?.trustPolicy).toEqual(TRUST)
    expect(set.unexpectedFiles).toEqual([
      '222222222222/nested/',
      '222222222222/notes.txt',
      '222222222222/old-role.json',
      '999999999999/spacelift-target.json',
      'README.md',
      'not-an-account/'
    ])
  })

  it('refuses a file larger than the limit with a clear message', async () => {
    const padded = JSON.stringify(TRUST).replace('{', `{${' '.repeat(MAX_POLICY_FILE_BYTES)}`)
    const dir = await tree({ '222222222222/spacelift-target.json': padded, '333333333333/spacelift-target.json': json(TRUST) })
    const set = await readExistingFromDirectory(dir, [target('222222222222'), target('333333333333')])
    expect(set.roles.get('333333333333/spacelift-target')?.trustPolicy).toEqual(TRUST)
    expect(set.roles.get('222222222222/spacelift-target')?.trustPolicy).toBeNull()
    expect(set.errors).toHaveLength(1)
    expect(set.errors[0]?.message).toBe(
      `the file is ${padded.length} bytes, larger than the ${MAX_POLICY_FILE_BYTES}-byte limit for a policy file (IAM trust policies are at most 4,096 characters); refused`
    )
  })

  it('never follows a symlink out of DIR, but accepts one that stays inside', async () => {
    const outside = await tree({ 'secret.json': json(OTHER_TRUST), '222222222222/spacelift-target.json': json(OTHER_TRUST) })
    const dir = await tree({ 'shared/trust.json': json(TRUST) })
    await mkdir(path.join(dir, '333333333333'))
    await symlink(path.join(outside, 'secret.json'), path.join(dir, '333333333333', 'spacelift-target.json'))
    await symlink('../shared/trust.json', path.join(dir, '333333333333', 'inside.json'))
    await symlink(path.join(outside, '222222222222'), path.join(dir, '222222222222'))
    await symlink('../../etc/passwd', path.join(dir, '333333333333', 'dotdot.json'))
    const set = await readExistingFromDirectory(dir, [
      target('222222222222'),
      target('333333333333'),
      target('333333333333', 'inside'),
      target('333333333333', 'dotdot')
    ])
    expect(set.roles.get('333333333333/inside')?.trustPolicy).toEqual(TRUST)
    const escaped = set.roles.get('333333333333/spacelift-target')
    expect(escaped?.trustPolicy).toBeNull()
    expect(escaped?.error).toContain('symbolic link that leads outside the directory; refused')
    expect(set.roles.get('333333333333/dotdot')?.error).toContain('symbolic link that leads outside the directory')
    // The account directory itself links outside: it is not entered at all.
    expect(set.roles.get('222222222222/spacelift-target')).toMatchObject({ trustPolicy: null })
    expect(set.unexpectedFiles).toEqual(['222222222222', 'shared/'])
  })

  it('reads many roles in many accounts', async () => {
    const files: Record<string, string> = {}
    const roles: RoleKey[] = []
    for (let a = 0; a < 40; a++) {
      const account = String(200000000000 + a)
      for (let r = 0; r < 10; r++) {
        roles.push(target(account, `role-${r}`))
        if (r % 2 === 0) files[`${account}/role-${r}.trust.json`] = json({ ...TRUST, Id: `${account}-${r}` })
      }
    }
    const dir = await tree(files)
    const set = await readExistingFromDirectory(dir, roles)
    expect(set.errors).toEqual([])
    expect(set.roles.size).toBe(400)
    for (const role of roles) {
      const existing = set.roles.get(roleKeyString(role.accountId, role.role.name))
      const r = Number(role.role.name.slice(5))
      expect(existing?.trustPolicy).toEqual(r % 2 === 0 ? { ...TRUST, Id: `${role.accountId}-${r}` } : null)
    }
  })

  it('warns when get-role output shows another path than declared', async () => {
    const dir = await tree({
      '222222222222/spacelift-target.json': json({ Role: { Path: '/old/', AssumeRolePolicyDocument: TRUST } })
    })
    const set = await readExistingFromDirectory(dir, [target('222222222222')])
    expect(set.roles.get('222222222222/spacelift-target')?.trustPolicy).toEqual(TRUST)
    expect(set.errors).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'Role.Path', message: 'role spacelift-target exists with path /old/, accounts.yaml declares /' })
    ])
  })

  it('rejects a directory that does not exist with an InputError', async () => {
    await expect(readExistingFromDirectory(path.join(base, 'nope'), [hub])).rejects.toThrow(InputError)
    await expect(readExistingFromDirectory(path.join(base, 'nope'), [hub])).rejects.toThrow('the existing-policies directory does not exist')
  })
})

describe('a role name that ends in .trust or .permissions', () => {
  // `X.trust.json` is role X's trust policy (the file render writes); were it also the plain file of
  // a role named `X.trust`, declaring `X.trust` (a role that does not exist) would borrow X's trust
  // policy as its own and be reported "unchanged" instead of "create" (widens).
  it.each([
    ['spacelift-target.trust', '222222222222/spacelift-target.trust.json'],
    ['spacelift-hub.permissions', '222222222222/spacelift-hub.permissions.json']
  ])("never reads another role's file as the plain policy of %s", async (name, file) => {
    const dir = await tree({ [file]: json(TRUST) })
    const set = await readExistingFromDirectory(dir, [target('222222222222', name)])
    expect(set.roles.get(roleKeyString('222222222222', name))).toEqual({ key: target('222222222222', name), trustPolicy: null, source: null })
    expect(set.unexpectedFiles).toEqual([file])
  })

  it('reads its own <name>.trust.json', async () => {
    const dir = await tree({ '222222222222/x.trust.trust.json': json(TRUST) })
    const set = await readExistingFromDirectory(dir, [target('222222222222', 'x.trust')])
    expect(set.roles.get(roleKeyString('222222222222', 'x.trust'))?.trustPolicy).toEqual(TRUST)
  })
})
