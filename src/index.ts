/**
 * The GitHub Action entry point (bundled to dist/index.js). The analysis (YAML, ajv, the AWS SDK,
 * the WebAssembly policy) is loaded only when there is something to analyse, so a run on an event
 * the action ignores starts almost as fast as bare node (see BENCHMARKS.md).
 */
import { run } from './action/main.js'

await run(async (input) => {
  const { analyse } = await import('./action/analyse.js')
  return analyse(input)
})
