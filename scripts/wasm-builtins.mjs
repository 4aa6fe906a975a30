// Prints, as JSON, the built-in functions an OPA wasm module expects its host to provide
// (the module's `builtins` export). `{}` means OPA implements every built-in it uses natively.
// Usage: node scripts/wasm-builtins.mjs policy.wasm
import { readFileSync } from 'node:fs'

const module = new WebAssembly.Module(readFileSync(process.argv[2]))
const memory = new WebAssembly.Memory({ initial: 5 })
const unused = () => {
  throw new Error('not evaluating, only listing built-ins')
}
const env = { memory, opa_abort: unused, opa_println: unused }
for (const arity of [0, 1, 2, 3, 4]) env[`opa_builtin${arity}`] = unused
const { exports } = new WebAssembly.Instance(module, { env })
const address = exports.opa_json_dump(exports.builtins())
const bytes = new Uint8Array(memory.buffer)
let end = address
while (bytes[end] !== 0) end++
process.stdout.write(Buffer.from(bytes.subarray(address, end)).toString('utf8'))
