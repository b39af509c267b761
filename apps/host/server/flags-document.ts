import { createHash } from 'node:crypto'
import {
  CODE_EXECUTION_FLAG,
  JAVASCRIPT_EXECUTION_FLAG,
  PYTHON_EXECUTION_FLAG,
  SQL_EXECUTION_FLAG,
  validateFlagDefinition,
  validateFlagSource,
  type FlagDefinition,
} from '@runcell/core/flags'
import type { Logger } from 'pino'
import type { HostConfig } from './config/schema'
import type { Coordination } from './coordination/types'
import type { Queryable } from './db/client'
import { listFlags } from './store/flags'
import type { SystemState } from './store/system-state'

/** Runcell's own switches: served from the system state, never stored as operator flags. */
export const RESERVED_FLAGS: readonly string[] = [
  CODE_EXECUTION_FLAG,
  PYTHON_EXECUTION_FLAG,
  SQL_EXECUTION_FLAG,
  JAVASCRIPT_EXECUTION_FLAG,
]

/** The flags document clients fetch: its JSON text and a strong ETag of it. */
export interface FlagsDocument {
  body: string
  etag: string
}

/** The shared cache entry of the document; dropped on every change. */
export const FLAGS_CACHE_KEY = 'flags-document'
const SHARED_TTL_MS = 60_000
const LOCAL_TTL_MS = 1_000

/** What the flags document is built from: the HostContext has all of it. */
export interface FlagsDocumentSources {
  config: HostConfig
  log: Logger
  db: Queryable
  coordination: Coordination
  systemState(): Promise<SystemState>
}

/** The flags document of one process, with its in-process copy. */
export interface FlagsDocuments {
  /**
   * The flags document: the operator's flags plus the execution switches, validated with the same validator the
   * clients use. Cached in-process and in the shared cache; both are dropped when flags or switches change.
   */
  get(): Promise<FlagsDocument>
  /** Drops this process's copy; the shared copy is dropped by HostContext.announceChange. */
  forget(): void
}

/** Creates the process's {@link FlagsDocuments}. */
export function createFlagsDocuments(sources: FlagsDocumentSources): FlagsDocuments {
  let local: { doc: FlagsDocument; until: number } | null = null
  return {
    async get() {
      if (local && local.until > Date.now()) return local.doc
      const shared = await sources.coordination.cacheGet(FLAGS_CACHE_KEY)
      const doc = shared ? (JSON.parse(shared) as FlagsDocument) : await buildDocument(sources)
      if (!shared) await sources.coordination.cacheSet(FLAGS_CACHE_KEY, JSON.stringify(doc), SHARED_TTL_MS)
      local = { doc, until: Date.now() + LOCAL_TTL_MS }
      return doc
    },
    forget() {
      local = null
    },
  }
}

async function buildDocument(ctx: FlagsDocumentSources): Promise<FlagsDocument> {
  const state = await ctx.systemState()
  const { config } = ctx
  const operatorFlags: FlagDefinition[] = []
  if (config.NEXT_PUBLIC_FEATURE_FLAGS_ENABLED) {
    for (const stored of await listFlags(ctx.db)) {
      try {
        if (!RESERVED_FLAGS.includes(stored.definition.key)) {
          operatorFlags.push(validateFlagDefinition(stored.definition))
        }
      } catch {
        // A row that no longer validates (edited by hand) is left out rather than breaking every client.
        ctx.log.warn({ flag: stored.definition.key }, 'stored flag is invalid; not served')
      }
    }
  }
  const runs = state.execution && !state.emergency
  const switches: FlagDefinition[] = [
    { key: CODE_EXECUTION_FLAG, enabled: runs, defaultValue: false },
    { key: PYTHON_EXECUTION_FLAG, enabled: config.NEXT_PUBLIC_ENABLE_PYTHON_EXECUTION, defaultValue: false },
    { key: SQL_EXECUTION_FLAG, enabled: config.NEXT_PUBLIC_ENABLE_SQL_EXECUTION, defaultValue: false },
    { key: JAVASCRIPT_EXECUTION_FLAG, enabled: true, defaultValue: false },
  ]
  const flags = validateFlagSource({ flags: [...switches, ...operatorFlags] })
  const body = JSON.stringify({ flags })
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  return { body, etag }
}
