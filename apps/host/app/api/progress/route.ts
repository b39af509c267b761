import { getContext } from '../../../server/context'
import { declaredTooLarge, readJson } from '../../../server/http/body'
import { clientIp, rateLimitKey } from '../../../server/http/client-ip'
import { json, problem } from '../../../server/http/problem'
import { route } from '../../../server/http/route'
import { MAX_PROGRESS_BYTES, progressSchema } from '../../../server/http/schemas'
import { insertExerciseCheck } from '../../../server/store/exercise-checks'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

// A learner checks a few times a minute at most; a course page of ten exercises checked in a burst fits.
const PER_MINUTE = 60

/**
 * Learner progress (POST /api/progress): one exercise check's outcome (exercise id, verdict, attempts, hints
 * used), never code or answers; the schema is strict, so a body carrying more is refused. Rate-limited per
 * client IP like the other ingest routes. The verdict comes from the learner's browser, so these rows are
 * statistics for authors, not credit: see docs/exercises.md on the trust model.
 */
export const POST = route('/api/progress', async (request) => {
  const oversized = declaredTooLarge(request, MAX_PROGRESS_BYTES)
  if (oversized) return oversized
  const ctx = await getContext()
  const ip = clientIp(request, ctx)
  const limit = await ctx.coordination.hit(`progress:${rateLimitKey(ip)}`, PER_MINUTE, 60_000)
  if (!limit.allowed) {
    return problem(
      429,
      'Too Many Requests',
      'Too many progress reports from this address; try again in a minute.',
      {
        headers: { 'retry-after': String(Math.ceil(limit.resetMs / 1000)) },
      },
    )
  }
  const body = await readJson(request, progressSchema, MAX_PROGRESS_BYTES)
  if (!body.ok) return body.response
  const clientHash = await ctx.hashClient(ip)
  await insertExerciseCheck(ctx.db, { ...body.data, clientHash })
  return json({ received: true }, { status: 202 })
})
