import { CHECK_STATUSES, EXECUTION_OUTCOMES, LANGUAGES, type ExecutionRecord } from '@runcell/core'
import { z } from 'zod'

const DAY_MS = 86_400_000

/** One telemetry record, as `createTelemetryExporter` sends it. Extra fields are dropped, never stored. */
export const executionRecordSchema = z.object({
  timestamp: z.number().min(0),
  executionId: z.string().min(1).max(128),
  language: z.enum(LANGUAGES),
  duration: z.number().min(0).max(DAY_MS),
  success: z.boolean(),
  memoryUsage: z.number().min(0).optional(),
  codeSize: z.number().int().min(0).max(1e9),
  codeHash: z.string().max(128),
  sessionId: z.string().max(200).optional(),
  outcome: z.enum(EXECUTION_OUTCOMES),
  errorName: z.string().max(200).optional(),
  queueMs: z.number().min(0).max(DAY_MS),
  engineVersion: z.string().max(64).optional(),
}) as unknown as z.ZodType<ExecutionRecord>

/** Records per batch: the exporter sends 50 by default; 500 leaves room without inviting abuse. */
export const MAX_BATCH_RECORDS = 500
/** Largest telemetry body in bytes. */
export const MAX_BATCH_BYTES = 512 * 1024

/** The batch envelope; each record is validated on its own so one bad record does not sink the batch. */
export const executionBatchSchema = z.object({
  records: z.array(z.unknown()).min(1).max(MAX_BATCH_RECORDS),
})

/** Largest feedback body in bytes. */
export const MAX_FEEDBACK_BYTES = 8 * 1024

// What `<CodeRunner feedback>` sends (core's createFeedbackClient): a thumbs rating, stored on the 1–5 scale
// as 5 (helpful) or 1 (not helpful), and a null lastRunStatus when the reader never ran the snippet.
const thumbs = z.enum(['up', 'down']).transform((rating) => (rating === 'up' ? 5 : 1))

/** A reader's feedback on one snippet. `website` is the honeypot: people never see it, bots fill it in. */
export const feedbackSchema = z
  .object({
    rating: z.union([z.number().int().min(1).max(5), thumbs]).optional(),
    comment: z.string().trim().max(2_000).optional(),
    snippetId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.:/-]+$/, 'letters, digits and _ . : / - only'),
    // The client's caps (FEEDBACK_LIMITS in @runcell/core): an absolute page URL may be long.
    page: z.string().max(2_000).optional(),
    lastRunStatus: z
      .enum([...EXECUTION_OUTCOMES, 'none'])
      .nullable()
      .optional()
      .transform((status) => status ?? undefined),
    website: z.string().max(512).optional(),
  })
  .refine((value) => value.rating !== undefined || (value.comment ?? '') !== '', {
    message: 'send a rating, a comment or both',
  })

/** Largest progress report in bytes: a handful of small fields. */
export const MAX_PROGRESS_BYTES = 1024

/**
 * One exercise check's outcome, as the course's `<Exercise onCheck>` reports it. Strict: a body carrying
 * anything else (the learner's code, the check's message, an answer) is refused, so none of it is ever stored.
 */
export const progressSchema = z
  .object({
    exerciseId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.:/-]+$/, 'letters, digits and _ . : / - only'),
    status: z.enum(CHECK_STATUSES),
    attempts: z.number().int().min(0).max(10_000),
    hintsUsed: z.number().int().min(0).max(100),
    solutionShown: z.boolean().optional(),
  })
  .strict()
