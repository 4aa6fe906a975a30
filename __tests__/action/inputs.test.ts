import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { coreMock, resetCore } from './coreMock.js'

jest.unstable_mockModule('@actions/core', () => coreMock)
const { readInputs, parsePlans } = await import('../../src/action/inputs.js')
const { InputError } = await import('../../src/common/diagnostics.js')

const base = { 'github-token': 'ghs_x' }

describe('readInputs', () => {
  beforeEach(() => resetCore(base))

  it('applies the defaults', () => {
    expect(readInputs()).toEqual({
      config: 'accounts.yaml',
      existing: null,
      aws: false,
      awsReadRole: null,
      githubToken: 'ghs_x',
      failOn: 'widening',
      comment: 'update',
      trustPolicyQuota: 2048,
      plans: [],
      commentAuthor: null,
      workingDirectory: '.',
      stackDirs: []
    })
  })

  it('reads every input', () => {
    resetCore({
      ...base,
      config: './infra/accounts.yaml',
      aws: 'true',
      'aws-read-role': '/audit/iam-reader',
      'fail-on': 'changes',
      comment: 'recreate',
      'trust-policy-quota': '4096',
      plans: 'app-prod=plans/app.json\n# a comment\n\nnet-work_1 = plans/net.json',
      'working-directory': 'terraform',
      'stack-dirs': 'app-prod = stacks/app\n# a comment\n\nnetworking=./stacks/net/spacelift.tf'
    })
    expect(readInputs()).toMatchObject({
      config: 'infra/accounts.yaml',
      aws: true,
      awsReadRole: '/audit/iam-reader',
      failOn: 'changes',
      comment: 'recreate',
      trustPolicyQuota: 4096,
      plans: [
        { stack: 'app-prod', path: 'plans/app.json' },
        { stack: 'net-work_1', path: 'plans/net.json' }
      ],
      stackDirs: [
        { stack: 'app-prod', path: 'stacks/app' },
        { stack: 'networking', path: 'stacks/net/spacelift.tf' }
      ],
      workingDirectory: 'terraform'
    })
  })

  const invalid: [string, Record<string, string>, RegExp][] = [
    ['fail-on', { 'fail-on': 'always' }, /"fail-on" must be one of widening, changes, never; got "always"/],
    ['comment', { comment: 'yes' }, /"comment" must be one of update, recreate, off/],
    ['config outside the repo', { config: '../secrets.yaml' }, /"config" must be a path inside the repository/],
    ['absolute config', { config: '/etc/accounts.yaml' }, /"config" must be a path inside the repository/],
    ['aws as yes', { aws: 'yes' }, /"aws" must be true or false/],
    ['comment-author not a login', { 'comment-author': 'evil user' }, /"comment-author" must be a GitHub login/],
    ['aws-read-role not a role name', { aws: 'true', 'aws-read-role': 'role name; rm -rf /' }, /"aws-read-role" must be an IAM role name/],
    ['aws with existing', { aws: 'true', 'aws-read-role': 'r', existing: 'dir' }, /exclude each other/],
    ['quota', { 'trust-policy-quota': '2k' }, /"trust-policy-quota" must be a whole number of characters from 1 to 4096/],
    ['quota over what AWS allows', { 'trust-policy-quota': '4097' }, /"trust-policy-quota" must be a whole number of characters from 1 to 4096.*got "4097"/],
    ['plans', { plans: 'plans/app.json' }, /each line must be "stack-id=path\/to\/plan.json"/],
    ['no token', { 'github-token': '' }, /"github-token" is empty/]
  ]
  it.each(invalid)('rejects an invalid %s with a clear InputError', (_, inputs, message) => {
    resetCore({ ...base, ...inputs })
    expect(() => readInputs()).toThrow(InputError)
    expect(() => readInputs()).toThrow(message)
  })

  it('takes aws without a read role: the role accounts.yaml declares in aws_read is the default', () => {
    resetCore({ ...base, aws: 'true' })
    expect(readInputs()).toMatchObject({ aws: true, awsReadRole: null })
  })

  it('needs no token when comments are off', () => {
    resetCore({ comment: 'off' })
    expect(readInputs().comment).toBe('off')
  })
})

describe('parsePlans', () => {
  it('rejects a stack ID outside the slug pattern', () => {
    expect(() => parsePlans(['App=plan.json'])).toThrow(/stack-id=/)
  })
})
