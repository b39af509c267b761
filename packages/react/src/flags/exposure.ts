import type { FlagEvaluation, FlagMetadata, FlagValue } from '@runcell/core/flags'

/** What `onExposure` receives: the flag a user saw, which variant, and why. */
export interface ExposureEvent {
  flagKey: string
  variant?: string
  value: FlagValue | undefined
  reason: FlagEvaluation['reason']
  flagMetadata: FlagMetadata
}

/** The identity of one exposure: a flag and the variant (or value) shown. */
export function exposureId(key: string, evaluation: FlagEvaluation<FlagValue | undefined>): string {
  return `${key}\u0000${evaluation.variant ?? JSON.stringify(evaluation.value)}`
}

/**
 * Deduplicates exposures for one provider session: each flag and variant reaches `report` once, however many
 * components render it or how often. Errors are not exposures; the user saw a fallback, not a variant.
 */
export function createExposureTracker(report: (event: ExposureEvent) => void) {
  const seen = new Set<string>()
  return (key: string, evaluation: FlagEvaluation<FlagValue | undefined>) => {
    if (evaluation.reason === 'ERROR') return
    const id = exposureId(key, evaluation)
    if (seen.has(id)) return
    seen.add(id)
    const event: ExposureEvent = {
      flagKey: key,
      value: evaluation.value,
      reason: evaluation.reason,
      flagMetadata: evaluation.flagMetadata,
    }
    if (evaluation.variant !== undefined) event.variant = evaluation.variant
    report(event)
  }
}
