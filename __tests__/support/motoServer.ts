/**
 * A real moto server (https://github.com/getmoto/moto, pinned by scripts/install-tools.sh) on the
 * loopback interface, for tests of the AWS reading code against real SDK calls and real SDK errors.
 *
 * Facts about moto 5.2.1 these tests rely on (checked against the server):
 * - it is multi-account: credentials from sts:AssumeRole of `arn:aws:iam::X:role/any` act in account
 *   X (the role need not exist while authorization is off); plain credentials act in 123456789012;
 * - GetRole and GetRolePolicy return the documents URL-encoded, as IAM does;
 * - POST /moto-api/reset-auth with body "0" turns IAM authorization on at once (the server-side
 *   form of INITIAL_NO_AUTH_ACTION_COUNT): from then on requests must be signed with an access key
 *   of an IAM user or an assumed-role session that moto knows, and each action is evaluated against
 *   that identity's policies (explicit Deny wins), giving real `AccessDenied` errors.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { IAMClient } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'

export const MOTO_DEFAULT_ACCOUNT = '123456789012'

export interface MotoServer {
  endpoint: string
  /** Turns IAM authorization on (every later request is authenticated and authorized). */
  enableAuth(): Promise<void>
  /** Turns IAM authorization off again. */
  disableAuth(): Promise<void>
  /** An IAM client acting in `accountId` (authorization must be off while it is created). */
  iamInAccount(accountId: string): Promise<IAMClient>
  /** Every sts:AssumeRole session moto has handed out, from its model data (/moto-api/data.json). */
  assumedRoleSessions(): Promise<{ roleArn: string; sessionName: string }[]>
  /** Stops the server, waits for it to exit and restores the environment. */
  stop(): Promise<void>
}

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED'
] as const

export function motoServerBinary(): string {
  const tools = process.env.STACK_ACCOUNTS_TOOLS || path.join(os.homedir(), '.cache', 'stack-accounts-tools')
  const bin = path.join(tools, 'bin', 'moto_server')
  if (!existsSync(bin)) throw new Error(`moto_server not found at ${bin}: run \`npm run tools\` first`)
  return bin
}

export async function startMotoServer(): Promise<MotoServer> {
  const bin = motoServerBinary()
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] })
    const log = drainTail(child)
    const endpoint = `http://127.0.0.1:${port}`
    try {
      await waitUntilAnswering(endpoint, child, log)
    } catch (e) {
      lastError = e
      await kill(child)
      continue
    }
    return serverHandle(endpoint, child)
  }
  throw lastError
}

function serverHandle(endpoint: string, child: ChildProcess): MotoServer {
  const saved = new Map<string, string | undefined>(ENV_KEYS.map((k) => [k, process.env[k]]))
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Keep a developer's ~/.aws out of the tests.
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 'stack-accounts-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'stack-accounts-no-aws-credentials')
  })
  delete process.env.AWS_SESSION_TOKEN
  delete process.env.AWS_PROFILE

  const setAuth = async (count: string): Promise<void> => {
    const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: count })
    if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`)
    await response.arrayBuffer()
  }
  const clients: (IAMClient | STSClient)[] = []
  return {
    endpoint,
    enableAuth: () => setAuth('0'),
    disableAuth: () => setAuth('inf'),
    async assumedRoleSessions() {
      const response = await fetch(`${endpoint}/moto-api/data.json`)
      if (!response.ok) throw new Error(`moto data.json answered ${response.status}`)
      const data = (await response.json()) as { sts?: { AssumedRole?: { role_arn: string; session_name: string }[] } }
      return (data.sts?.AssumedRole ?? []).map((r) => ({ roleArn: r.role_arn, sessionName: r.session_name }))
    },
    async iamInAccount(accountId) {
      if (accountId === MOTO_DEFAULT_ACCOUNT) {
        const iam = new IAMClient({ endpoint, region: 'us-east-1' })
        clients.push(iam)
        return iam
      }
      const sts = new STSClient({ endpoint, region: 'us-east-1' })
      clients.push(sts)
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/moto-setup`, RoleSessionName: 'setup' }))
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('moto AssumeRole returned no credentials')
      const iam = new IAMClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken ?? '' }
      })
      clients.push(iam)
      return iam
    },
    async stop() {
      for (const c of clients) c.destroy()
      await kill(child)
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  }
}

/** A port that was free a moment ago (the kernel picks it for a listener on port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

/** Keeps the last few KiB of the server's stderr (for error messages) and keeps the pipe drained. */
function drainTail(child: ChildProcess): () => string {
  let tail = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4096)
  })
  return () => tail
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}): ${log()}`)
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) })
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${log()}`)
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
  child.stderr?.destroy()
}
