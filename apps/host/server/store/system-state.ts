import type { Queryable } from '../db/client'

/** The operator switches, stored in `system_state` and shared by every instance. */
export interface SystemState {
  /** The site is in maintenance: readiness fails (503 + Retry-After) and runners stop. */
  maintenance: boolean
  /** Emergency stop: every runner on the site stops running code at once. */
  emergency: boolean
  /** Code execution on: off turns off Run everywhere without the drama of an emergency. */
  execution: boolean
  /** Admin actions are written to the audit log. Turning audit on or off is always recorded. */
  audit: boolean
}

/** A switch name, as the admin routes take it. */
export type SwitchName = keyof SystemState

/** Every switch, in the order the admin page shows them. */
export const SWITCHES: readonly SwitchName[] = ['maintenance', 'emergency', 'execution', 'audit']

const DEFAULTS: SystemState = { maintenance: false, emergency: false, execution: true, audit: true }

/** Reads every switch; a missing row falls back to its default. */
export async function readSystemState(db: Queryable): Promise<SystemState> {
  const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM system_state')
  const state = { ...DEFAULTS }
  for (const row of rows) {
    if ((SWITCHES as readonly string[]).includes(row.key) && typeof row.value === 'boolean') {
      state[row.key as SwitchName] = row.value
    }
  }
  return state
}

/** Sets one switch and returns the previous value. */
export async function writeSwitch(
  db: Queryable,
  name: SwitchName,
  value: boolean,
  actor: string,
): Promise<boolean> {
  const rows = await db.query<{ previous: unknown }>(
    `WITH old AS (SELECT value FROM system_state WHERE key = $1)
     INSERT INTO system_state (key, value, updated_at, updated_by) VALUES ($1, $2::jsonb, now(), $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by
     RETURNING (SELECT value FROM old) AS previous`,
    [name, JSON.stringify(value), actor],
  )
  const previous = rows[0]?.previous
  return typeof previous === 'boolean' ? previous : DEFAULTS[name]
}
