import { getContext } from '../../../server/context'
import { declaredTooLarge, readJson } from '../../../server/http/body'
import { clientIp, rateLimitKey } from '../../../server/http/client-ip'
import { json, problem } from '../../../server/http/problem'
import { route } from '../../../server/http/route'
import { MAX_FEEDBACK_BYTES, feedbackSchema } from '../../../server/http/schemas'
import { insertFeedback } from '../../../server/store/feedback'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

const PER_MINUTE = 10

/**
 * Per-snippet feedback. Rate-limited per client IP; a filled honeypot gets the same 202 as real feedback (so a
 * bot learns nothing) but is not stored.
 */
export const POST = route('/api/feedback', async (request) => {
  const oversized = declaredTooLarge(request, MAX_FEEDBACK_BYTES)
  if (oversized) return oversized
  const ctx = await getContext()
  const ip = clientIp(request, ctx)
  const limit = await ctx.coordination.hit(`feedback:${rateLimitKey(ip)}`, PER_MINUTE, 60_000)
  if (!limit.allowed) {
    ctx.metrics.feedback.inc({ result: 'rate_limited' })
    return problem(429, 'Too Many Requests', 'Too much feedback from this address; try again in a minute.', {
      headers: { 'retry-after': String(Math.ceil(limit.resetMs / 1000)) },
    })
  }
  const body = await readJson(request, feedbackSchema, MAX_FEEDBACK_BYTES)
  if (!body.ok) {
    ctx.metrics.feedback.inc({ result: 'invalid' })
    return body.response
  }
  const { website, ...feedback } = body.data
  if (website) {
    ctx.metrics.feedback.inc({ result: 'spam' })
    return json({ received: true }, { status: 202 })
  }
  const clientHash = await ctx.hashClient(ip)
  await insertFeedback(ctx.db, { ...feedback, clientHash })
  ctx.metrics.feedback.inc({ result: 'stored' })
  return json({ received: true }, { status: 202 })
})
