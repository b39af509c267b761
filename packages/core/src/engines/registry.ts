// Every engine Runcell can start, by language: one line per engine. Everything that lists languages or engine
// files derives from this object: LANGUAGES (protocol/types.ts), the worker bundles (tsup.config.ts), the files
// `runcell assets` copies and the manifest lists (bin/), and what the host page fetches for the runner.
import { javascriptEngine } from './javascript/descriptor.js'
import { pythonEngine } from './python/descriptor.js'
import { sqlEngine } from './sql/descriptor.js'

/** The descriptor of each language's engine: what the runner page reads instead of branching on names. */
export const ENGINES = {
  python: pythonEngine,
  sql: sqlEngine,
  javascript: javascriptEngine,
} as const
