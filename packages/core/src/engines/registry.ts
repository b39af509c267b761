// Every engine the runner page can start, by language: one line per engine.
import type { Language } from '../protocol/types.js'
import type { EngineDescriptor } from './descriptor.js'
import { javascriptEngine } from './javascript/descriptor.js'
import { pythonEngine } from './python/descriptor.js'
import { sqlEngine } from './sql/descriptor.js'

/** The descriptor of each language's engine: what the runner page reads instead of branching on names. */
export const ENGINES: Readonly<Record<Language, EngineDescriptor>> = {
  python: pythonEngine,
  sql: sqlEngine,
  javascript: javascriptEngine,
}
