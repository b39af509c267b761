import type { Queryable } from '../db/client'

/** One piece of reader feedback on a snippet, as the feedback route accepts it. */
export interface FeedbackInput {
  rating?: number
  comment?: string
  snippetId: string
  page?: string
  lastRunStatus?: string
  /** A salted hash of the client IP, enough to spot abuse without storing the address. */
  clientHash: string
}

/** Stores feedback and returns its id. */
export async function insertFeedback(db: Queryable, input: FeedbackInput): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO feedback (rating, comment, snippet_id, page, last_run_status, client_hash)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
    [
      input.rating ?? null,
      input.comment ?? null,
      input.snippetId,
      input.page ?? null,
      input.lastRunStatus ?? null,
      input.clientHash,
    ],
  )
  return rows[0]?.id ?? ''
}
