import { hasConditions, matchesConditions } from './conditions.js'
import { BUCKET_COUNT, rolloutBucket, variantBucket } from './hash.js'
import { flagValueType, isValidatedDefinition, validateFlagDefinition } from './validate.js'
import type {
  EvaluationContext,
  EvaluationReason,
  FlagDefinition,
  FlagErrorCode,
  FlagEvaluation,
  FlagMetadata,
  FlagValue,
  FlagVariant,
} from './types.js'

/** The declared type of a caller's default, widened: `useFlag('x', false)` reads as `boolean`, not `false`. */
export type Widen<T> = T extends boolean ? boolean : T extends string ? string : T extends number ? number : T

/** Variant names of a flag without variants: `on` serves `true`, `off` serves `false`. */
export const BOOLEAN_VARIANTS = { on: 'on', off: 'off' } as const
/** Variant name reported when a multivariate flag serves its `defaultValue`. */
export const DEFAULT_VARIANT = 'default'

/** The metadata every evaluation of a definition carries: its `metadata`, and its `version` when it has one. */
export function metadataOf(definition: FlagDefinition | undefined): FlagMetadata {
  const version = versionOf(definition)
  return definition?.metadata ? { ...definition.metadata, ...version } : version
}

// Only the version is trusted from a definition that failed validation: its metadata may be anything.
function versionOf(definition: FlagDefinition | undefined): FlagMetadata {
  const version: unknown = definition?.version
  return typeof version === 'string' || typeof version === 'number' ? { version } : {}
}

/** The `ERROR` result: the caller's default, and why. */
export function errorEvaluation<T>(
  defaultValue: T,
  errorCode: FlagErrorCode,
  errorMessage: string,
  flagMetadata: FlagMetadata = {},
): FlagEvaluation<T> {
  return { value: defaultValue, reason: 'ERROR', errorCode, errorMessage, flagMetadata }
}

/**
 * Gives the caller's default with `TYPE_MISMATCH` when the evaluated value's type differs from the default's.
 * With no default (`undefined`), any type passes.
 */
export function checkType<T>(
  evaluation: FlagEvaluation<FlagValue>,
  defaultValue: T,
  flagKey: string,
): FlagEvaluation<T> {
  if (defaultValue === undefined || evaluation.reason === 'ERROR') return evaluation as FlagEvaluation<T>
  const expected = flagValueType(defaultValue)
  const actual = flagValueType(evaluation.value)
  if (expected === actual) return evaluation as FlagEvaluation<T>
  return errorEvaluation(
    defaultValue,
    'TYPE_MISMATCH',
    `Flag "${flagKey}" is a ${actual ?? 'invalid value'} but the caller asked for a ${expected}.`,
    evaluation.flagMetadata,
  )
}

// Definitions already checked. A malformed one must not widen exposure (a `userGroups: 5` that matches
// everyone), so evaluation validates each hand-built definition object once and caches the clean copy (whose
// values are frozen) or the verdict against it.
const checked = new WeakMap<FlagDefinition, FlagDefinition | string>()

function cleanDefinition(definition: FlagDefinition): FlagDefinition | string {
  if (isValidatedDefinition(definition)) return definition
  let verdict = checked.get(definition)
  if (verdict === undefined) {
    try {
      verdict = validateFlagDefinition(definition)
    } catch (error) {
      verdict = error instanceof Error ? error.message : String(error)
    }
    checked.set(definition, verdict)
  }
  return verdict
}

function defaultResult(definition: FlagDefinition): FlagEvaluation<FlagValue> {
  const flagMetadata = metadataOf(definition)
  if (definition.variants) {
    return {
      value: definition.defaultValue ?? null,
      variant: DEFAULT_VARIANT,
      reason: 'DEFAULT',
      flagMetadata,
    }
  }
  return { value: false, variant: BOOLEAN_VARIANTS.off, reason: 'DEFAULT', flagMetadata }
}

function pickVariant(variants: FlagVariant[], bucket: number): FlagVariant {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0)
  let cumulative = 0
  for (const variant of variants) {
    if (variant.weight <= 0) continue
    cumulative += variant.weight
    // Integer-safe form of bucket / BUCKET_COUNT < cumulative / total.
    if (bucket * total < cumulative * BUCKET_COUNT) return variant
  }
  // Only reachable through rounding with fractional weights: the last weighted variant takes the remainder.
  return [...variants].reverse().find((variant) => variant.weight > 0) ?? variants[0]!
}

function evaluateDefinition(
  definition: FlagDefinition,
  context: EvaluationContext,
): FlagEvaluation<FlagValue> {
  const flagMetadata = metadataOf(definition)
  // The value is replaced by the caller's default in evaluateFlag, as OpenFeature's providers do.
  if (!definition.enabled) return { value: null, reason: 'DISABLED', flagMetadata }
  if (!matchesConditions(definition.conditions, context)) return defaultResult(definition)
  const threshold = Math.round((definition.rolloutPercentage ?? 100) * 100)
  if (threshold <= 0) return defaultResult(definition)
  const partial = threshold < BUCKET_COUNT
  const weighted = definition.variants?.filter((variant) => variant.weight > 0) ?? []
  const split = weighted.length > 1
  const targetingKey = context.targetingKey
  if ((partial || split) && !targetingKey) {
    return errorEvaluation(
      null,
      'TARGETING_KEY_MISSING',
      `Flag "${definition.key}" splits users, so the context needs a targetingKey (a user or anonymous id).`,
      flagMetadata,
    )
  }
  if (partial && rolloutBucket(definition.key, targetingKey!) >= threshold) return defaultResult(definition)
  const reason: EvaluationReason =
    partial || split ? 'SPLIT' : hasConditions(definition.conditions) ? 'TARGETING_MATCH' : 'STATIC'
  if (!definition.variants) return { value: true, variant: BOOLEAN_VARIANTS.on, reason, flagMetadata }
  const variant = split ? pickVariant(weighted, variantBucket(definition.key, targetingKey!)) : weighted[0]!
  return { value: variant.value, variant: variant.key, reason, flagMetadata }
}

/**
 * Evaluates one flag for one context. Pure and deterministic; it never throws. A missing definition, a value of
 * another type than `defaultValue`, a split without a `targetingKey` or a malformed definition give
 * `defaultValue` with reason `ERROR` and an `errorCode`; a disabled flag gives `defaultValue` with reason
 * `DISABLED` and no variant. Leave `defaultValue` out to accept any type. Each definition object is validated on
 * first use; treat definitions as immutable values. Object values come back frozen.
 */
export function evaluateFlag<T extends FlagValue>(
  definition: FlagDefinition | undefined,
  context: EvaluationContext,
  defaultValue: T,
): FlagEvaluation<Widen<T>>
export function evaluateFlag(
  definition: FlagDefinition | undefined,
  context: EvaluationContext,
): FlagEvaluation<FlagValue | undefined>
export function evaluateFlag(
  definition: FlagDefinition | undefined,
  context: EvaluationContext,
  defaultValue?: FlagValue,
): FlagEvaluation<FlagValue | undefined> {
  if (!definition) return errorEvaluation(defaultValue, 'FLAG_NOT_FOUND', 'No flag with this key is defined.')
  try {
    const clean = cleanDefinition(definition)
    if (typeof clean === 'string')
      return errorEvaluation(defaultValue, 'PARSE_ERROR', clean, versionOf(definition))
    const evaluation = evaluateDefinition(clean, context ?? {})
    if (evaluation.reason === 'ERROR' || evaluation.reason === 'DISABLED')
      return { ...evaluation, value: defaultValue }
    return checkType(evaluation, defaultValue, definition.key)
  } catch (error) {
    // Definitions that skipped validation (hand-built objects) can throw here; evaluation must not.
    const message = error instanceof Error ? error.message : String(error)
    return errorEvaluation(
      defaultValue,
      'PARSE_ERROR',
      `Flag "${String(definition.key)}" is malformed: ${message}`,
    )
  }
}
