import { parseEngineOutcome } from '../protocol/validate.js'
import type { EngineHandle } from './engine-handle.js'

/** A run a session is built from. */
export interface SessionEntry {
  code: string
  stdin?: string
  files?: Record<string, string | Uint8Array>
  timeoutMs: number
}

/**
 * The successful runs of each session, in order, so that a new interpreter can be brought to the state the
 * old one had: a restart replays them with no output.
 */
export class SessionLog {
  private readonly sessions = new Map<string, SessionEntry[]>()

  /** True when some session has runs to replay into a new interpreter. */
  get hasHistory(): boolean {
    for (const log of this.sessions.values()) if (log.length > 0) return true
    return false
  }

  remember(session: string, entry: SessionEntry): void {
    const log = this.sessions.get(session) ?? []
    log.push(entry)
    this.sessions.set(session, log)
  }

  /** Rebuilds each session in `engine` by running its successful runs again, in order. */
  async replay(engine: Pick<EngineHandle, 'run'>): Promise<void> {
    for (const [session, log] of this.sessions) {
      for (let i = 0; i < log.length; i++) {
        const entry = log[i]
        if (!entry) continue
        const ok = await Promise.race([
          Promise.resolve()
            .then(() =>
              engine.run({
                runId: `replay:${session}:${i}`,
                code: entry.code,
                namespace: `session:${session}`,
                stdin: entry.stdin,
                files: entry.files,
              }),
            )
            // A reply that throws while it is read counts as a failed replay, like any malformed one.
            .then((raw) => parseEngineOutcome(raw)?.status === 'ok')
            .catch(() => false),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), entry.timeoutMs)),
        ])
        // A run that no longer replays cleanly ends the session's history there: later runs built on it.
        if (!ok) {
          log.length = i
          break
        }
      }
    }
  }
}
