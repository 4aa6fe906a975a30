import { describe, expect, it } from '@jest/globals'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureCommit, hasCommit, readAtCommit, readPullRequestConfigs, readRevisionConfig } from '../../src/action/git.js'
import { MAX_CONFIG_BYTES } from '../../src/config/accounts.js'
import { InputError } from '../../src/common/diagnostics.js'
import { baseOnlyCheckout, commitFiles, git, pullRequestRepo } from './gitRepo.js'

describe('reading accounts.yaml from git', () => {
  it('reads the head and the base versions of a pull request', async () => {
    const repo = pullRequestRepo({ 'accounts.yaml': 'version: 1 # base\n' }, { 'accounts.yaml': 'version: 1 # head\n' })
    // the working tree holds something else: git is the source, not the checkout
    writeFileSync(join(repo.dir, 'accounts.yaml'), 'tampered\n')
    const versions = await readPullRequestConfigs(repo.dir, 'accounts.yaml', { headSha: repo.headSha, baseSha: repo.baseSha, number: 1 })
    expect(versions).toEqual({ headText: 'version: 1 # head\n', baseText: 'version: 1 # base\n', hasBase: true })
  })

  it('treats a file missing at the base as new, not as an error', async () => {
    const repo = pullRequestRepo({}, { 'infra/accounts.yaml': 'version: 1\n' })
    const versions = await readPullRequestConfigs(repo.dir, 'infra/accounts.yaml', { headSha: repo.headSha, baseSha: repo.baseSha, number: 1 })
    expect(versions).toEqual({ headText: 'version: 1\n', baseText: null, hasBase: true })
  })

  it('reads paths relative to the working directory', async () => {
    const repo = pullRequestRepo({}, { 'infra/accounts.yaml': 'x: 1\n' })
    expect(await readAtCommit(join(repo.dir, 'infra'), repo.headSha, 'accounts.yaml')).toBe('x: 1\n')
  })

  it('refuses paths outside the repository', async () => {
    const repo = pullRequestRepo({}, { 'a.yaml': 'x\n' })
    await expect(readAtCommit(repo.dir, repo.headSha, '../etc/passwd')).rejects.toThrow(InputError)
    await expect(readAtCommit(repo.dir, repo.headSha, '/etc/passwd')).rejects.toThrow(/inside the repository/)
  })

  it('refuses a directory and a file over 5 MB', async () => {
    const repo = pullRequestRepo({}, { 'big/accounts.yaml': `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n` })
    await expect(readAtCommit(repo.dir, repo.headSha, 'big')).rejects.toThrow(/not a file/)
    await expect(readAtCommit(repo.dir, repo.headSha, 'big/accounts.yaml')).rejects.toThrow(/larger than 5 MB/)
  })

  it('fetches the pull request head when the checkout lacks it (pull_request_target)', async () => {
    const repo = pullRequestRepo({ 'accounts.yaml': 'base\n' }, { 'accounts.yaml': 'head\n' })
    const clone = baseOnlyCheckout(repo, 12)
    expect(await hasCommit(clone, repo.headSha)).toBe(false)
    const versions = await readPullRequestConfigs(clone, 'accounts.yaml', { headSha: repo.headSha, baseSha: repo.baseSha, number: 12 })
    expect(versions.headText).toBe('head\n')
    expect(versions.baseText).toBe('base\n')
  })

  it('says so when the head cannot be fetched', async () => {
    const repo = pullRequestRepo({ 'accounts.yaml': 'base\n' }, { 'accounts.yaml': 'head\n' })
    const clone = baseOnlyCheckout(repo, 12)
    await expect(ensureCommit(clone, 'f'.repeat(40), 99)).rejects.toThrow(/Cannot fetch the pull request head f{40}/)
  })

  it('reads the committed file on push, and the working tree outside git', async () => {
    const repo = pullRequestRepo({}, { 'accounts.yaml': 'committed\n' })
    writeFileSync(join(repo.dir, 'accounts.yaml'), 'edited\n')
    expect(await readRevisionConfig(repo.dir, 'accounts.yaml', repo.headSha)).toEqual({ headText: 'committed\n', baseText: null, hasBase: false })
    git(repo.dir, 'checkout', '-q', 'accounts.yaml')
    const next = commitFiles(repo.dir, { 'accounts.yaml': 'next\n' }, 'next')
    expect((await readRevisionConfig(repo.dir, 'accounts.yaml', next)).headText).toBe('next\n')
    const plain = join(repo.dir, '..', `plain-${Date.now()}`)
    mkdirSync(plain)
    writeFileSync(join(plain, 'accounts.yaml'), 'plain\n')
    expect(await readRevisionConfig(plain, 'accounts.yaml', 'HEAD')).toEqual({ headText: 'plain\n', baseText: null, hasBase: false })
    expect((await readRevisionConfig(plain, 'missing.yaml', 'HEAD')).headText).toBeNull()
  })
})
