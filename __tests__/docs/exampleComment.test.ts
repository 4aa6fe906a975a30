/**
 * docs/example-comment.md is the pull-request comment the action posts for the bundled example
 * (examples/acme: the PR from accounts.base.yaml to accounts.yaml, today's policies in existing/,
 * and a plan of stack app-prod). The README shows it; this test keeps it true.
 * Regenerate with UPDATE_DOCS=1 npm run test:unit -- __tests__/docs
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { analyseConfigFile } from '../../src/generate/analyseDeclaration.js'
import { runDiff } from '../../src/diff/runDiff.js'
import { renderComment } from '../../src/report/markdownReport.js'
import { checkPlanFiles } from '../../src/planPolicy/evaluatePlan.js'

const EXAMPLE = 'examples/acme'
const DOC = 'docs/example-comment.md'

async function exampleComment(): Promise<string> {
  const head = analyseConfigFile(`${EXAMPLE}/accounts.yaml`)
  const base = analyseConfigFile(`${EXAMPLE}/accounts.base.yaml`)
  const report = await runDiff({ head, base, source: { kind: 'directory', dir: `${EXAMPLE}/existing` } })
  const verdicts = await checkPlanFiles(head.declaration!, [{ stack: 'app-prod', plan: `${EXAMPLE}/plans/app-prod.plan.json` }])
  return renderComment(report, { configPath: 'accounts.yaml', policyVerdicts: verdicts, summaryUrl: 'https://github.com/acme/platform/actions/runs/1' })
}

describe('the example comment in the docs', () => {
  it('is what the action renders for the bundled example', async () => {
    const comment = await exampleComment()
    if (process.env.UPDATE_DOCS) writeFileSync(DOC, comment)
    expect(readFileSync(DOC, 'utf8')).toBe(comment)
    // The example is meant to show every part of the comment.
    expect(comment).toContain('widen')
    expect(comment).toContain('777777777777')
    expect(comment).toContain('shared-services')
    expect(comment).toMatch(/stacks\\?\.app\\?-prod\\?\.accounts/)
  })
})
