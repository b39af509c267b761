// Turns whatever user code threw into a RunError whose line and traceback point into the user's snippet:
// frames of Runcell's own code are removed, and generated-script lines are mapped back to snippet lines.
import type { RunError } from '../../protocol/types.js'
import { formatError, formatValue } from './serialize.js'
import { UserSyntaxError, WRAPPER_LINES } from './transform.js'

/** The sourceURL prefix of generated scripts; their stack frames are the user's frames. */
export const SOURCE_PREFIX = 'runcell/snippet-'

const MAX_CHARS = 10_000
const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/

/** The sourceURL of the script generated for one run. */
export function sourceUrlFor(runNumber: number): string {
  return `${SOURCE_PREFIX}${runNumber}.js`
}

/**
 * Describes a thrown value for the run result. `sourceUrl` names the current run's script; frames in
 * scripts of earlier runs (functions a session defined before) are kept and labelled as such.
 */
export function toRunError(thrown: unknown, sourceUrl: string, userLines: number): RunError {
  if (thrown instanceof UserSyntaxError) {
    return { name: 'SyntaxError', message: cap(thrown.message), line: thrown.line }
  }
  if (!(thrown instanceof Error)) return { name: 'Uncaught', message: cap(formatValue(thrown)) }
  const summary = formatError(thrown)
  const colon = summary.indexOf(': ')
  const name = colon < 0 ? summary : summary.slice(0, colon)
  const message = colon < 0 ? '' : summary.slice(colon + 2)
  const error: RunError = { name: cap(name).slice(0, 200), message: cap(message) }
  const frames: string[] = []
  for (const raw of stackLines(thrown)) {
    const match = FRAME.exec(raw)
    if (!match) continue
    const [, fn, file = '', lineText = '0'] = match
    // Frames of the engine itself (the worker bundle, the async wrapper) mean nothing to the user.
    if (!file.startsWith(SOURCE_PREFIX)) continue
    const line = Number(lineText) - WRAPPER_LINES
    const current = file === sourceUrl
    if (current && (line < 1 || line > userLines)) continue
    if (current && error.line === undefined) error.line = line
    // Columns are left out: the rewrite shifts them on edited lines, while lines stay exact.
    const where = current ? `line ${line}` : `an earlier run, line ${line}`
    frames.push(fn ? `    at ${fn} (${where})` : `    at ${where}`)
  }
  error.traceback = cap([summary, ...frames].join('\n'))
  return error
}

function stackLines(error: Error): string[] {
  try {
    const stack: unknown = error.stack
    return typeof stack === 'string' ? stack.split('\n') : []
  } catch {
    return []
  }
}

function cap(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text
}
