import type { ExecutionRecord } from '@runcell/core'
import { getContext } from '../context'
import { declaredTooLarge, readJson } from '../http/body'
import { clientIp, rateLimitKey } from '../http/client-ip'
import { json, problem } from '../http/problem'
import { isUnavailable, route } from '../http/route'
import { MAX_BATCH_BYTES, executionBatchSchema, executionRecordSchema } from '../http/schemas'
import { countExecutions } from '../observability/metrics'
import { knownErrorName } from './error-names'

// Batches per client IP per minute; an exporter sends at most one every few seconds unless it is catching up.
const BATCHES_PER_MINUTE = 120

/**
 * Telemetry ingest (POST /api/executions): stores a batch, counts new records into the metrics and the server-side
 * monitor. Anyone can post here, so nothing posted is trusted: error names are mapped to a known set, and the
 * records never change the host's health or alerts (observability/health.ts). 202 with the counts; 503 + Retry-After when the database is down, so the browser exporter keeps the
 * batch and retries. The front door calls it before Next's router; the Next route is the same function.
 */
export const handleIngest = route('/api/executions', async (request) => {
  const oversized = declaredTooLarge(request, MAX_BATCH_BYTES)
  if (oversized) return oversized
  const ctx = await getContext()
  const { metrics } = ctx
  const limit = await ctx.coordination.hit(
    `ingest:${rateLimitKey(clientIp(request, ctx))}`,
    BATCHES_PER_MINUTE,
    60_000,
  )
  if (!limit.allowed) {
    metrics.ingestBatches.inc({ result: 'rate_limited' })
    return problem(429, 'Too Many Requests', 'Too many telemetry batches; retry later.', {
      headers: { 'retry-after': String(Math.ceil(limit.resetMs / 1000)) },
    })
  }
  const body = await readJson(request, executionBatchSchema, MAX_BATCH_BYTES)
  if (!body.ok) {
    metrics.ingestBatches.inc({ result: 'invalid' })
    return body.response
  }
  const valid: ExecutionRecord[] = []
  for (const item of body.data.records) {
    const parsed = executionRecordSchema.safeParse(item)
    if (!parsed.success) continue
    const { errorName } = parsed.data
    valid.push(
      errorName === undefined ? parsed.data : { ...parsed.data, errorName: knownErrorName(errorName) },
    )
  }
  const invalid = body.data.records.length - valid.length
  if (invalid > 0) metrics.ingestDropped.inc({ reason: 'invalid' }, invalid)
  if (valid.length === 0) {
    metrics.ingestBatches.inc({ result: 'invalid' })
    return problem(400, 'Bad Request', 'No record in the batch is a valid execution record.')
  }
  let inserted: Set<string>
  try {
    inserted = await ctx.executions.insert(valid)
  } catch (error) {
    if (!isUnavailable(error)) throw error
    metrics.ingestBatches.inc({ result: 'unavailable' })
    return problem(503, 'Service Unavailable', 'Telemetry storage is unavailable; retry shortly.', {
      headers: { 'retry-after': '5' },
    })
  }
  const fresh = valid.filter((record) => inserted.has(record.executionId))
  const duplicates = valid.length - fresh.length
  if (duplicates > 0) metrics.ingestDropped.inc({ reason: 'duplicate' }, duplicates)
  countExecutions(metrics, fresh)
  for (const record of fresh) ctx.monitor.runFinished(record)
  metrics.ingestBatches.inc({ result: 'stored' })
  return json({ accepted: fresh.length, duplicates, invalid }, { status: 202 })
})
