import { BOOLEAN_VARIANTS, metadataOf } from './evaluate.js'
import { FLAG_KEY_PATTERN } from './validate.js'
import type { FlagDefinition, FlagEvaluation, FlagValue } from './types.js'

/** Forced flag values by key, for tests and `?flags=` in development. They win over every definition. */
export type FlagOverrides = Record<string, FlagValue>

function parseValue(raw: string): FlagValue {
  if (raw === 'true') return true
  if (raw === 'false') return false
  if (raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw)
  return raw
}

/**
 * Parses development overrides such as `?flags=new_editor:true,checkout:variant_b,limit:5` (a whole query
 * string, or just the `flags` value). A bare key means `true`; `true`/`false` and numbers are typed; anything
 * else stays a string, which selects the variant of that name. Malformed keys are skipped.
 * @example parseFlagOverrides(window.location.search)
 */
export function parseFlagOverrides(search: string): FlagOverrides {
  const trimmed = search.trim()
  const list =
    trimmed.startsWith('?') || trimmed.includes('=') ? new URLSearchParams(trimmed).get('flags') : trimmed
  const overrides: FlagOverrides = {}
  for (const entry of (list ?? '').split(',')) {
    const at = entry.indexOf(':')
    const key = (at === -1 ? entry : entry.slice(0, at)).trim()
    if (!FLAG_KEY_PATTERN.test(key)) continue
    overrides[key] = at === -1 ? true : parseValue(entry.slice(at + 1).trim())
  }
  return overrides
}

/**
 * Turns an override into an evaluation with reason `STATIC` and `flagMetadata.override: true`. A string that
 * names one of the flag's variants (or `on`/`off` for a boolean flag) serves that variant.
 */
export function evaluateOverride(
  value: FlagValue,
  definition: FlagDefinition | undefined,
): FlagEvaluation<FlagValue> {
  const flagMetadata = { ...metadataOf(definition), override: true }
  const variant = definition?.variants?.find((candidate) => candidate.key === value)
  if (variant) return { value: variant.value, variant: variant.key, reason: 'STATIC', flagMetadata }
  if (
    definition &&
    !definition.variants &&
    (value === BOOLEAN_VARIANTS.on || value === BOOLEAN_VARIANTS.off)
  ) {
    return { value: value === BOOLEAN_VARIANTS.on, variant: value, reason: 'STATIC', flagMetadata }
  }
  const named = value === true ? BOOLEAN_VARIANTS.on : value === false ? BOOLEAN_VARIANTS.off : undefined
  return { value, variant: named, reason: 'STATIC', flagMetadata }
}
