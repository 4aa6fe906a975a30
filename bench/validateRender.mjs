/**
 * `validate` and `render`, measured in-process against their floors (as bench/diff.mjs does diff).
 *
 * validate:        analyseConfigFile (YAML with positions, schema, rules, desired IAM, every IAM
 *                  limit, findings) + JSON.stringify of the result: `validate --format json`.
 * validate floor:  readFileSync + YAML.parse of accounts.yaml (the same `yaml` package).
 * render:          analyseConfigFile + the IAM, Terraform and Spacelift files + writeGeneratedFiles
 *                  into a new directory (manifest included): `render --out NEW_DIR`.
 * render floor:    readFileSync + YAML.parse of accounts.yaml, then mkdir + writeFileSync of the very
 *                  files render writes (their text computed beforehand): the least any render must
 *                  do to read the same input and put the same bytes on disk.
 * Output directories are made under one temporary directory, removed outside the timed calls.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { sourceModule } from './compile.mjs'
import { interleaved } from './stats.mjs'

function readAndParseConfig(org) {
  // uniqueKeys: false, as src/config/yamlSource.ts parses (see bench/diff.mjs).
  return parseYaml(readFileSync(org.configFile, 'utf8'), { uniqueKeys: false })
}

export async function validateRenderRunners() {
  const { analyseConfigFile } = await sourceModule('src/generate/analyseDeclaration.ts')
  const { renderIamAndTerraformFiles } = await sourceModule('src/generate/iamTerraformFiles.ts')
  const { renderSpaceliftBundle } = await sourceModule('src/generate/spaceliftBundle.ts')
  const { writeGeneratedFiles } = await sourceModule('src/generate/writeGeneratedFiles.ts')
  const validate = (org) => {
    const analysis = analyseConfigFile(org.configFile)
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error')
    const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning')
    return { analysis, json: JSON.stringify({ valid: errors.length === 0, errors, warnings }, null, 2) }
  }
  const render = async (org, out) => {
    const analysis = analyseConfigFile(org.configFile)
    if (!analysis.declaration) throw new Error('render: the organisation is invalid')
    const files = new Map([...renderIamAndTerraformFiles(analysis.declaration, analysis.desired), ...renderSpaceliftBundle(analysis.declaration)])
    const result = await writeGeneratedFiles(out, files, {})
    return { files, result }
  }
  return { validate, render }
}

/** Medians of validate, render and their floors per organisation size, wall and CPU. */
export async function measureValidateRender(orgs, { rounds }) {
  const { validate, render } = await validateRenderRunners()
  const results = {}
  const scratch = mkdtempSync(join(tmpdir(), 'stack-accounts-bench-render-'))
  try {
    for (const org of orgs) {
      const checked = validate(org)
      const errors = checked.analysis.diagnostics.filter((d) => d.severity === 'error')
      if (errors.length) throw new Error(`validate reported errors with IAM's default quotas: ${JSON.stringify(errors.slice(0, 3))}`)
      const { files } = await render(org, join(scratch, `check-${org.accounts}`))
      let n = 0
      const fresh = () => join(scratch, `${org.accounts}-${n++}`)
      const writeSame = (out) => {
        readAndParseConfig(org)
        for (const [relative, text] of files) {
          const file = join(out, relative)
          mkdirSync(dirname(file), { recursive: true })
          writeFileSync(file, text)
        }
      }
      const timed = await interleaved(
        {
          validate: () => validate(org),
          validateFloor: () => readAndParseConfig(org),
          render: () => render(org, fresh()),
          renderFloor: () => writeSame(fresh())
        },
        { rounds: rounds[org.accounts] ?? 5 }
      )
      results[org.accounts] = { ...timed, files: files.size, warnings: checked.analysis.diagnostics.length }
      rmSync(scratch, { recursive: true, force: true })
      mkdirSync(scratch, { recursive: true })
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return results
}
