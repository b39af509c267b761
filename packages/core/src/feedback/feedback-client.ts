import { RUN_STATUSES, type RunStatus } from '../protocol/types.js'

/** A reader's verdict on a snippet: helpful or not. */
export type FeedbackRating = 'up' | 'down'

/** What a reader sends about one snippet. */
export interface FeedbackInput {
  /** The runner's `id`, or a hash of its code when it has none. */
  snippetId: string
  rating: FeedbackRating
  comment?: string
  /** The page the snippet is on, without its fragment. */
  page: string
  /** How the reader's last run ended, when they ran it. */
  lastRunStatus?: RunStatus | null
}

/** The checked payload that goes over the wire. */
export interface FeedbackPayload {
  snippetId: string
  rating: FeedbackRating
  comment: string
  page: string
  lastRunStatus: RunStatus | null
}

/** How a submission went. The client never throws: a failure is an outcome the UI can show. */
export type FeedbackOutcome =
  { ok: true } | { ok: false; reason: 'invalid' | 'network' | 'rejected'; message: string }

/** Where feedback goes: an endpoint that takes a JSON POST, or a function of your own. */
export type FeedbackClientOptions =
  | { endpoint: string; send?: never; fetch?: typeof fetch; timeoutMs?: number }
  | { send: (payload: FeedbackPayload) => unknown; endpoint?: never }

/** Submits feedback; see `createFeedbackClient`. */
export interface FeedbackClient {
  submit(input: FeedbackInput): Promise<FeedbackOutcome>
}

/** Length caps, matched by the host app's `/api/feedback`. */
export const FEEDBACK_LIMITS = { snippetId: 200, comment: 2000, page: 2000 } as const

/** Checks feedback input and returns the payload, or a sentence that says what is wrong. */
export function checkFeedback(input: FeedbackInput): FeedbackPayload | string {
  if (typeof input !== 'object' || input === null) return 'Feedback must be an object.'
  const { snippetId, rating, page } = input
  const comment = input.comment ?? ''
  if (typeof snippetId !== 'string' || snippetId.length === 0 || snippetId.length > FEEDBACK_LIMITS.snippetId)
    return `"snippetId" must be 1 to ${FEEDBACK_LIMITS.snippetId} characters.`
  if (rating !== 'up' && rating !== 'down') return '"rating" must be "up" or "down".'
  if (typeof comment !== 'string' || comment.length > FEEDBACK_LIMITS.comment)
    return `"comment" must be at most ${FEEDBACK_LIMITS.comment} characters.`
  if (typeof page !== 'string' || page.length > FEEDBACK_LIMITS.page)
    return `"page" must be at most ${FEEDBACK_LIMITS.page} characters.`
  const status = input.lastRunStatus ?? null
  if (status !== null && !(RUN_STATUSES as readonly string[]).includes(status))
    return '"lastRunStatus" must be a run status or null.'
  return { snippetId, rating, comment: comment.trim(), page, lastRunStatus: status }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Creates a feedback client that posts `{snippetId, rating, comment, page, lastRunStatus}` as JSON to `endpoint`,
 * or hands it to `send`. It validates lengths first and never throws, so a UI can call it without a try block.
 * @example
 * const feedback = createFeedbackClient({ endpoint: '/api/feedback' })
 * const outcome = await feedback.submit({ snippetId: 'intro', rating: 'up', page: location.pathname })
 */
export function createFeedbackClient(options: FeedbackClientOptions): FeedbackClient {
  return {
    async submit(input) {
      const payload = checkFeedback(input)
      if (typeof payload === 'string') return { ok: false, reason: 'invalid', message: payload }
      try {
        if (options.send) {
          await options.send(payload)
          return { ok: true }
        }
        const doFetch = options.fetch ?? globalThis.fetch
        const response = await doFetch(options.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        })
        if (response.ok) return { ok: true }
        return {
          ok: false,
          reason: 'rejected',
          message: `The feedback endpoint answered ${response.status}.`,
        }
      } catch (error) {
        return { ok: false, reason: 'network', message: messageOf(error) }
      }
    },
  }
}
