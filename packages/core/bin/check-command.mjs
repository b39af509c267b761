// The `runcell check` and `runcell render` commands: arguments, the report, the exit code.
import { writeFileSync } from 'node:fs'
import { runSnippets, snippetKey } from './check.mjs'

export const CHECK_USAGE =
  'runcell check <paths…> [--json]\n  Runs the runnable snippets under <paths> in headless Chromium; exits 1 when any fails.\n' +
  'runcell render <paths…> --out outputs.json\n  Runs them and writes each output, keyed by id or by file#position.'

function parse(args) {
  const paths = []
  const flags = { json: false, out: null }
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--json') flags.json = true
    else if (args[i] === '--out') flags.out = args[(i += 1)] ?? null
    else if (args[i].startsWith('--')) throw new Error(`unknown option "${args[i]}".\n${CHECK_USAGE}`)
    else paths.push(args[i])
  }
  if (paths.length === 0) throw new Error(`no paths given.\n${CHECK_USAGE}`)
  return { paths, ...flags }
}

const plain = ({ outputs: _outputs, ...record }) => record

/** `runcell check`: prints each failure as file:line, status and error, then a summary line. Returns the exit code. */
export async function check(args) {
  const { paths, json } = parse(args)
  const started = Date.now()
  const { snippets, files } = await runSnippets(paths)
  const failed = snippets.filter((s) => s.status !== 'ok')
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (json) {
    const summary = { files: files.length, total: snippets.length, passed: snippets.length - failed.length }
    console.log(JSON.stringify({ ...summary, failed: failed.length, snippets: snippets.map(plain) }, null, 2))
  } else {
    for (const s of failed) console.log(`${s.file}:${s.line}  ${s.status}  ${s.error ?? ''}`.trimEnd())
    console.log(
      `runcell check: ${snippets.length} snippets in ${files.length} files: ${snippets.length - failed.length} passed, ${failed.length} failed (${seconds} s)`,
    )
  }
  return failed.length > 0 ? 1 : 0
}

/** `runcell render`: writes every snippet's output and status to `--out`. Exits 1 when any run failed. */
export async function render(args) {
  const { paths, out } = parse(args)
  if (!out) throw new Error(`render needs --out <file>.\n${CHECK_USAGE}`)
  const { snippets } = await runSnippets(paths)
  const outputs = {}
  for (const s of snippets) {
    outputs[snippetKey(s, snippets)] = {
      file: s.file,
      line: s.line,
      language: s.language,
      status: s.status,
      output: s.output,
      outputs: s.outputs,
      ...(s.error ? { error: s.error } : {}),
    }
  }
  writeFileSync(out, JSON.stringify(outputs, null, 2) + '\n')
  const failed = snippets.filter((s) => s.status !== 'ok').length
  console.log(
    `runcell render: wrote ${snippets.length} outputs to ${out}${failed ? ` (${failed} failed)` : ''}`,
  )
  return failed > 0 ? 1 : 0
}
