/** The GitHub Action entry point (bundled to dist/index.js). */
import { analyse } from './action/analyse.js'
import { run } from './action/main.js'

await run(analyse)
