import type { FlagDefinition, FlagValue, FlagVariant } from '@runcell/core/flags'

/** One variant row as the editor holds it: the value is JSON text until it is saved. */
export interface VariantFields {
  key: string
  weight: string
  value: string
}

/** The flag editor's fields, all as the inputs hold them. */
export interface FlagFields {
  key: string
  enabled: boolean
  rollout: string
  /** Comma-separated user groups; empty targets everyone. */
  groups: string
  variants: VariantFields[]
  /** JSON text; required with variants, `false` without. */
  defaultValue: string
}

/** The fields of a new flag. */
export const EMPTY_FIELDS: FlagFields = {
  key: '',
  enabled: true,
  rollout: '100',
  groups: '',
  variants: [],
  defaultValue: '',
}

const json = (value: FlagValue | undefined) => (value === undefined ? '' : JSON.stringify(value))

/** The editor's fields for a stored definition. */
export function toFields(definition: FlagDefinition): FlagFields {
  return {
    key: definition.key,
    enabled: definition.enabled,
    rollout: String(definition.rolloutPercentage ?? 100),
    groups: (definition.conditions?.userGroups ?? []).join(', '),
    variants: (definition.variants ?? []).map((variant) => ({
      key: variant.key,
      weight: String(variant.weight),
      value: json(variant.value),
    })),
    defaultValue: json(definition.defaultValue),
  }
}

// A variant value may be typed as bare text ("blue"); anything that is not JSON is taken as a string.
function parseValue(text: string): FlagValue {
  try {
    return JSON.parse(text) as FlagValue
  } catch {
    return text
  }
}

/**
 * Builds a definition from the fields, keeping what the editor does not show (environment and attribute
 * rules, metadata) from `base`. Returns a sentence when a field cannot be read; the server validates the rest
 * with the same validator the clients use.
 */
export function fromFields(fields: FlagFields, base?: FlagDefinition): FlagDefinition | string {
  const key = fields.key.trim()
  if (!key) return 'Give the flag a key.'
  const rollout = Number(fields.rollout)
  if (fields.rollout.trim() === '' || !Number.isFinite(rollout))
    return 'Rollout must be a number from 0 to 100.'
  const groups = fields.groups
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean)
  const variants: FlagVariant[] = []
  for (const row of fields.variants) {
    if (!row.key.trim()) return 'Every variant needs a key.'
    const weight = Number(row.weight)
    if (row.weight.trim() === '' || !Number.isFinite(weight)) return `Variant "${row.key}" needs a weight.`
    variants.push({ key: row.key.trim(), weight, value: parseValue(row.value) })
  }
  const { userGroups: _groups, ...otherConditions } = base?.conditions ?? {}
  const conditions = groups.length > 0 ? { ...otherConditions, userGroups: groups } : otherConditions
  const definition: FlagDefinition = { key, enabled: fields.enabled, rolloutPercentage: rollout }
  if (Object.keys(conditions).length > 0) definition.conditions = conditions
  if (variants.length > 0) definition.variants = variants
  if (fields.defaultValue.trim() !== '') definition.defaultValue = parseValue(fields.defaultValue)
  // The editor has no metadata fields; saving must not drop what the API stored.
  if (base?.metadata) definition.metadata = base.metadata
  return definition
}

/** A one-line description of a definition for the flag table and the history. */
export function describeFlag(definition: FlagDefinition | null): string {
  if (!definition) return 'deleted'
  const parts = [definition.enabled ? 'on' : 'off', `${definition.rolloutPercentage ?? 100} %`]
  const groups = definition.conditions?.userGroups
  if (groups?.length) parts.push(`groups ${groups.join(', ')}`)
  if (definition.variants?.length) {
    parts.push(`variants ${definition.variants.map((v) => `${v.key} (${v.weight})`).join(', ')}`)
  }
  return parts.join(' · ')
}
