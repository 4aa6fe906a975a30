/**
 * A local GitHub REST server for tests, on 127.0.0.1. Every request must match an operation of
 * __tests__/fixtures/github/openapi-operations.json (extracted from @octokit/openapi): path and
 * query parameters and the JSON body are validated against the operation's schemas, and so are our
 * own responses. Issue comments are kept in memory per issue. Failures can be injected (a 502, a
 * 403 for forks). Every request is recorded; anything unexpected goes to `problems`, which tests
 * assert empty.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const SPEC_ID = 'https://stack-accounts.test/openapi-operations.json'
/** GitHub's limit on an issue comment body. */
export const COMMENT_BODY_LIMIT = 65536

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: object
}

interface Operation {
  operationId: string
  parameters?: ({ $ref: string } | Parameter)[]
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> }
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>
}

interface Spec {
  paths: Record<string, Record<string, Operation>>
  components: { parameters: Record<string, Parameter>; responses?: Record<string, unknown> }
}

export interface RecordedRequest {
  method: string
  path: string
  operationId: string | null
  query: Record<string, string>
  body: unknown
  status: number
}

export interface StoredComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: Record<string, unknown>
  created_at: string
  updated_at: string
  author_association: 'NONE' | 'MEMBER' | 'OWNER' | 'CONTRIBUTOR'
}

interface CompiledOperation {
  method: string
  template: string
  pattern: RegExp
  pathNames: string[]
  operation: Operation
  validatePath: ValidateFunction
  validateQuery: ValidateFunction
  validateBody: ValidateFunction | null
  bodyRequired: boolean
  validateResponse: Map<number, ValidateFunction>
}

interface Injected {
  operationId: string
  status: number
  times: number
}

function pointer(...tokens: string[]): string {
  return tokens.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
}

function loadSpec(): Spec {
  return JSON.parse(readFileSync(new URL('../fixtures/github/openapi-operations.json', import.meta.url), 'utf8')) as Spec
}

function compileOperations(spec: Spec): CompiledOperation[] {
  const strictAjv = new Ajv({ strict: false, validateFormats: false, allErrors: true })
  const paramAjv = new Ajv({ strict: false, validateFormats: false, allErrors: true, coerceTypes: true })
  strictAjv.addSchema(spec, SPEC_ID)
  paramAjv.addSchema(spec, SPEC_ID)
  const compiled: CompiledOperation[] = []
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = (operation.parameters ?? []).map((p) =>
        '$ref' in p ? (spec.components.parameters[p.$ref.split('/').pop() as string] as Parameter) : p
      )
      const objectSchema = (where: 'path' | 'query', closed: boolean): object => {
        const own = parameters.filter((p) => p.in === where)
        return {
          type: 'object',
          properties: Object.fromEntries(own.map((p) => [p.name, p.schema])),
          required: own.filter((p) => p.required === true || where === 'path').map((p) => p.name),
          additionalProperties: !closed
        }
      }
      const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string)
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}$`)
      const json = operation.requestBody?.content['application/json']
      const validateResponse = new Map<number, ValidateFunction>()
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response.content?.['application/json']) {
          validateResponse.set(
            Number(status),
            strictAjv.compile({ $ref: `${SPEC_ID}#/${pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema')}` })
          )
        }
      }
      compiled.push({
        method: method.toUpperCase(),
        template,
        pattern,
        pathNames,
        operation,
        validatePath: paramAjv.compile(objectSchema('path', true)),
        validateQuery: paramAjv.compile(objectSchema('query', true)),
        validateBody: json
          ? strictAjv.compile({ $ref: `${SPEC_ID}#/${pointer('paths', template, method, 'requestBody', 'content', 'application/json', 'schema')}` })
          : null,
        bodyRequired: operation.requestBody?.required === true,
        validateResponse
      })
    }
  }
  return compiled
}

const BOT_USER = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
  gravatar_id: '',
  url: 'https://api.github.com/users/github-actions%5Bbot%5D',
  html_url: 'https://github.com/apps/github-actions',
  followers_url: 'https://api.github.com/users/github-actions%5Bbot%5D/followers',
  following_url: 'https://api.github.com/users/github-actions%5Bbot%5D/following{/other_user}',
  gists_url: 'https://api.github.com/users/github-actions%5Bbot%5D/gists{/gist_id}',
  starred_url: 'https://api.github.com/users/github-actions%5Bbot%5D/starred{/owner}{/repo}',
  subscriptions_url: 'https://api.github.com/users/github-actions%5Bbot%5D/subscriptions',
  organizations_url: 'https://api.github.com/users/github-actions%5Bbot%5D/orgs',
  repos_url: 'https://api.github.com/users/github-actions%5Bbot%5D/repos',
  events_url: 'https://api.github.com/users/github-actions%5Bbot%5D/events{/privacy}',
  received_events_url: 'https://api.github.com/users/github-actions%5Bbot%5D/received_events',
  type: 'Bot',
  site_admin: false
}

/** A user as GET /user returns it for a personal access token (the public-user schema). */
export function userAccount(login: string, id: number, type: 'User' | 'Bot' = 'User'): Record<string, unknown> {
  const api = `https://api.github.com/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: `U_${Buffer.from(String(id)).toString('base64')}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z'
  }
}

export class GitHubServer {
  readonly requests: RecordedRequest[] = []
  /**
   * Personal access tokens and whom they act as (GET /user answers with the user, comments are
   * theirs). Any other token is an installation token (GITHUB_TOKEN): GET /user answers 403, as
   * GitHub does ("Resource not accessible by integration"), and comments are github-actions[bot]'s.
   */
  readonly tokenUsers = new Map<string, Record<string, unknown>>()
  readonly problems: string[] = []
  /** Writes (create, update, delete) answer 403, as with a fork's read-only token. */
  forbidWrites = false
  private readonly operations = compileOperations(loadSpec())
  private readonly comments = new Map<string, StoredComment[]>()
  private readonly injected: Injected[] = []
  private nextId = 1000001
  private clock = Date.UTC(2024, 0, 1)
  private server: Server | null = null
  private base = ''

  get url(): string {
    return this.base
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.problems.push(`server error: ${String(error)}`)
        res.writeHead(500).end()
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    this.server = null
  }

  /** The next `times` requests to `operationId` answer `status`. */
  failNext(operationId: string, status: number, times = 1): void {
    this.injected.push({ operationId, status, times })
  }

  /** Adds existing comments to an issue, as other users (or earlier runs) wrote them. */
  seed(owner: string, repo: string, issue: number, bodies: readonly string[], user: Record<string, unknown> = BOT_USER): StoredComment[] {
    return bodies.map((body) => this.store(owner, repo, issue, body, user))
  }

  commentsOf(owner: string, repo: string, issue: number): StoredComment[] {
    return [...(this.comments.get(`${owner}/${repo}#${issue}`) ?? [])]
  }

  private now(): string {
    this.clock += 1000
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  private store(owner: string, repo: string, issue: number, body: string, user: Record<string, unknown>): StoredComment {
    const id = this.nextId++
    const at = this.now()
    const comment: StoredComment = {
      id,
      node_id: `IC_kwDO${Buffer.from(String(id)).toString('base64')}`,
      url: `https://api.github.com/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/${issue}`,
      body,
      user,
      created_at: at,
      updated_at: at,
      author_association: 'NONE'
    }
    const key = `${owner}/${repo}#${issue}`
    this.comments.set(key, [...(this.comments.get(key) ?? []), comment])
    return comment
  }

  private find(id: number): { key: string; comment: StoredComment } | null {
    for (const [key, list] of this.comments) {
      const comment = list.find((c) => c.id === id)
      if (comment) return { key, comment }
    }
    return null
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.base)
    const method = req.method ?? 'GET'
    const query = Object.fromEntries(url.searchParams)
    const record: RecordedRequest = { method, path: url.pathname, operationId: null, query, body: undefined, status: 0 }
    this.requests.push(record)
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      record.status = status
      if (payload === undefined) {
        res.writeHead(status, headers).end()
        return
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload))
    }
    const op = this.operations.find((o) => o.method === method && o.pattern.test(decodeURIComponent(url.pathname)))
    if (!op) {
      this.problems.push(`unknown operation ${method} ${url.pathname}`)
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    record.operationId = op.operation.operationId
    const values = (op.pattern.exec(decodeURIComponent(url.pathname)) ?? []).slice(1)
    const pathParams: Record<string, unknown> = Object.fromEntries(op.pathNames.map((n, i) => [n, values[i]]))
    const queryParams: Record<string, unknown> = { ...query }
    if (!/^(token|Bearer) \S+$/.test(req.headers.authorization ?? '')) {
      this.problems.push(`${op.operation.operationId}: no token`)
      send(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    const invalid = (what: string, v: ValidateFunction): boolean => {
      this.problems.push(`${op.operation.operationId}: invalid ${what}: ${JSON.stringify(v.errors)}`)
      send(422, { message: 'Validation Failed', errors: v.errors, documentation_url: 'https://docs.github.com/rest' })
      return true
    }
    if (!op.validatePath(pathParams) && invalid('path parameters', op.validatePath)) return
    if (!op.validateQuery(queryParams) && invalid('query parameters', op.validateQuery)) return
    let body: unknown
    if (raw !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        this.problems.push(`${op.operation.operationId}: body is not JSON`)
        send(400, { message: 'Problems parsing JSON' })
        return
      }
    }
    record.body = body
    if (op.validateBody && (body !== undefined || op.bodyRequired) && !op.validateBody(body) && invalid('body', op.validateBody)) return

    const injected = this.injected.find((i) => i.operationId === op.operation.operationId && i.times > 0)
    if (injected) {
      injected.times--
      send(injected.status, { message: injected.status === 403 ? 'Resource not accessible by integration' : 'Server Error' })
      return
    }
    if (this.forbidWrites && method !== 'GET') {
      send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments', status: '403' })
      return
    }
    const token = (req.headers.authorization ?? '').replace(/^(token|Bearer) /, '')
    const answer = this.respond(
      op.operation.operationId,
      pathParams as Record<string, string>,
      queryParams as Record<string, string>,
      body as { body?: string },
      url,
      token
    )
    const check = op.validateResponse.get(answer.status)
    if (check && !check(answer.payload))
      this.problems.push(`${op.operation.operationId}: our response does not match the schema: ${JSON.stringify(check.errors)}`)
    send(answer.status, answer.payload, answer.headers)
  }

  private respond(
    operationId: string,
    params: Record<string, string>,
    query: Record<string, string>,
    body: { body?: string } | undefined,
    url: URL,
    token: string
  ): { status: number; payload?: unknown; headers?: Record<string, string> } {
    const owner = params.owner as string
    const repo = params.repo as string
    const tooLong = (text: string | undefined): boolean => (text ?? '').length > COMMENT_BODY_LIMIT
    const validationFailed = {
      status: 422,
      payload: {
        message: 'Validation Failed',
        errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)` }],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '422'
      }
    }
    switch (operationId) {
      case 'issues/list-comments': {
        const all = this.commentsOf(owner, repo, Number(params.issue_number))
        const perPage = Math.min(Number(query.per_page ?? 30), 100)
        const page = Number(query.page ?? 1)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const link = (n: number): string => {
          const next = new URL(url)
          next.searchParams.set('per_page', String(perPage))
          next.searchParams.set('page', String(n))
          return next.toString()
        }
        const headers: Record<string, string> = {}
        if (page < last) headers.link = `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"`
        return { status: 200, payload: all.slice((page - 1) * perPage, page * perPage), headers }
      }
      case 'issues/create-comment':
        if (tooLong(body?.body)) return validationFailed
        return { status: 201, payload: this.store(owner, repo, Number(params.issue_number), body?.body ?? '', this.tokenUsers.get(token) ?? BOT_USER) }
      case 'issues/update-comment': {
        const found = this.find(Number(params.comment_id))
        if (!found) return { status: 404, payload: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }
        if (tooLong(body?.body)) return validationFailed
        found.comment.body = body?.body ?? ''
        found.comment.updated_at = this.now()
        return { status: 200, payload: found.comment }
      }
      case 'issues/delete-comment': {
        const found = this.find(Number(params.comment_id))
        if (!found) return { status: 404, payload: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }
        this.comments.set(
          found.key,
          (this.comments.get(found.key) ?? []).filter((c) => c.id !== found.comment.id)
        )
        return { status: 204 }
      }
      case 'users/get-authenticated': {
        const user = this.tokenUsers.get(token)
        if (user) return { status: 200, payload: user }
        return {
          status: 403,
          payload: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
            status: '403'
          }
        }
      }
      default:
        this.problems.push(`no handler for ${operationId}`)
        return { status: 501, payload: { message: 'Not Implemented' } }
    }
  }
}

export async function startGitHubServer(): Promise<GitHubServer> {
  return new GitHubServer().start()
}
