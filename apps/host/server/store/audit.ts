import type { Queryable } from '../db/client'

/** The outcome an audit record states. */
export type AuditResult = 'ok' | 'denied' | 'invalid' | 'error' | 'rate_limited'

/** One admin action: who did what to which target, from where, and how it ended. */
export interface AuditEntry {
  actor: string
  action: string
  target?: string
  clientIp: string
  result: AuditResult
  detail?: Record<string, unknown>
}

/** A stored audit record, as the admin page and API show it. */
export interface AuditRecord extends AuditEntry {
  id: string
  at: string
}

/** Appends an audit record. */
export async function insertAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, action, target, client_ip, result, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.clientIp,
      entry.result,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ],
  )
}

/** The newest audit records first. */
export async function listAudit(db: Queryable, limit = 100): Promise<AuditRecord[]> {
  const rows = await db.query<{
    id: string
    at: Date
    actor: string
    action: string
    target: string | null
    client_ip: string | null
    result: AuditResult
    detail: Record<string, unknown> | null
  }>(
    `SELECT id::text AS id, at, actor, action, target, client_ip, result, detail
     FROM audit_log ORDER BY audit_log.id DESC LIMIT $1`,
    [Math.min(Math.max(1, limit), 1_000)],
  )
  return rows.map((row) => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    ...(row.target === null ? {} : { target: row.target }),
    clientIp: row.client_ip ?? '',
    result: row.result,
    ...(row.detail === null ? {} : { detail: row.detail }),
  }))
}
