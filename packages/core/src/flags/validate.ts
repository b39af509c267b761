import { RuncellError } from '../errors.js'
import { isSemver } from './semver.js'
import type {
  AttributeOperator,
  AttributeRule,
  FlagConditions,
  FlagDefinition,
  FlagMetadata,
  FlagValue,
  FlagVariant,
} from './types.js'

/** Flag keys are URL- and `?flags=`-safe: letters, digits, `_`, `-` and `.`, starting with a letter or digit. */
export const FLAG_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

const OPERATORS = new Set<AttributeOperator>([
  'equals',
  'notEquals',
  'in',
  'notIn',
  'lt',
  'lte',
  'gt',
  'gte',
  'semverEq',
  'semverLt',
  'semverLte',
  'semverGt',
  'semverGte',
])
// Unknown fields are rejected so that a typo such as `rollout: 10` can't silently mean a 100 % rollout.
const DEFINITION_FIELDS = new Set([
  'key',
  'enabled',
  'rolloutPercentage',
  'conditions',
  'variants',
  'defaultValue',
  'version',
  'metadata',
  'description',
])
/** Most metadata entries a definition may carry; metadata travels with every evaluation. */
export const MAX_FLAG_METADATA_ENTRIES = 32
const MAX_METADATA_KEY_LENGTH = 128
const MAX_METADATA_STRING_LENGTH = 1024
// Definitions this module produced: already clean, frozen copies, so evaluation need not check them again.
const validated = new WeakSet<FlagDefinition>()

/** True for a definition returned by {@link validateFlagDefinition}, which needs no second check. */
export function isValidatedDefinition(definition: FlagDefinition): boolean {
  return validated.has(definition)
}

/**
 * A deep, frozen copy of a JSON value, so that no caller can change what later evaluations serve by mutating a
 * returned value (or the definition it came from). Call only on values that passed the JSON check.
 */
export function frozenJson<T extends FlagValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  const copy = Array.isArray(value)
    ? value.map((item) => frozenJson(item))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, frozenJson(item)]))
  return Object.freeze(copy) as T
}

/** The type family of a flag value: `object` covers JSON objects, arrays and null. */
export function flagValueType(value: unknown): 'boolean' | 'string' | 'number' | 'object' | undefined {
  if (value === null || typeof value === 'object') return 'object'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'string') return 'string'
  if (typeof value === 'number' && Number.isFinite(value)) return 'number'
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isJson(value: unknown, depth = 0): boolean {
  if (depth > 32) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1))
  if (isRecord(value)) return Object.values(value).every((item) => isJson(item, depth + 1))
  return false
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || flagValueType(value) === 'number'
}

function validateRule(
  rule: unknown,
  field: string,
  fail: (field: string, why: string) => never,
): AttributeRule {
  if (!isRecord(rule)) fail(field, 'must be an object {attribute, operator, value}')
  const { attribute, operator, value } = rule
  if (typeof attribute !== 'string' || attribute === '')
    fail(`${field}.attribute`, 'must be a non-empty string')
  if (typeof operator !== 'string' || !OPERATORS.has(operator as AttributeOperator)) {
    fail(`${field}.operator`, `must be one of ${[...OPERATORS].join(', ')}`)
  }
  const op = operator as AttributeOperator
  if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(value) || !value.every(isPrimitive)) {
      fail(`${field}.value`, `must be an array of strings, numbers or booleans for "${op}"`)
    }
  } else if (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
    if (flagValueType(value) !== 'number') fail(`${field}.value`, `must be a finite number for "${op}"`)
  } else if (op.startsWith('semver')) {
    if (typeof value !== 'string' || !isSemver(value)) {
      fail(`${field}.value`, `must be a semantic version such as "1.2.3" for "${op}"`)
    }
  } else if (!isPrimitive(value)) {
    fail(`${field}.value`, `must be a string, number or boolean for "${op}"`)
  }
  return { attribute: attribute as string, operator: op, value: value as AttributeRule['value'] }
}

function validateConditions(input: unknown, fail: (field: string, why: string) => never): FlagConditions {
  if (!isRecord(input)) fail('conditions', 'must be an object')
  const conditions: FlagConditions = {}
  const { userGroups, environment, attributes } = input
  for (const name of Object.keys(input)) {
    if (name !== 'userGroups' && name !== 'environment' && name !== 'attributes') {
      fail(`conditions.${name}`, 'is not a known condition (userGroups, environment, attributes)')
    }
  }
  if (userGroups !== undefined) {
    if (!isStringArray(userGroups)) fail('conditions.userGroups', 'must be an array of strings')
    conditions.userGroups = [...userGroups]
  }
  if (environment !== undefined) {
    if (typeof environment === 'string') conditions.environment = environment
    else if (isStringArray(environment)) conditions.environment = [...environment]
    else fail('conditions.environment', 'must be a string or an array of strings')
  }
  if (attributes !== undefined) {
    if (!Array.isArray(attributes)) fail('conditions.attributes', 'must be an array of rules')
    conditions.attributes = attributes.map((rule, i) =>
      validateRule(rule, `conditions.attributes[${i}]`, fail),
    )
  }
  return conditions
}

function validateMetadata(input: unknown, fail: (field: string, why: string) => never): FlagMetadata {
  if (!isRecord(input)) fail('metadata', 'must be an object of string, number or boolean values')
  const entries = Object.entries(input)
  if (entries.length > MAX_FLAG_METADATA_ENTRIES) {
    fail('metadata', `has ${entries.length} entries; keep it to ${MAX_FLAG_METADATA_ENTRIES}`)
  }
  const metadata: FlagMetadata = {}
  for (const [name, value] of entries) {
    if (name === '' || name.length > MAX_METADATA_KEY_LENGTH)
      fail('metadata', `keys must be 1-${MAX_METADATA_KEY_LENGTH} characters`)
    if (name === 'version') fail('metadata.version', "belongs in the definition's own version field")
    if (!isPrimitive(value)) {
      fail(
        `metadata.${name}`,
        `must be a string, a finite number or a boolean (got ${JSON.stringify(value) ?? typeof value})`,
      )
    }
    if (typeof value === 'string' && value.length > MAX_METADATA_STRING_LENGTH)
      fail(`metadata.${name}`, `must be at most ${MAX_METADATA_STRING_LENGTH} characters`)
    metadata[name] = value
  }
  return Object.freeze(metadata)
}

function validateVariants(input: unknown, fail: (field: string, why: string) => never): FlagVariant[] {
  if (!Array.isArray(input) || input.length === 0) fail('variants', 'must be a non-empty array')
  const seen = new Set<string>()
  let total = 0
  const variants = input.map((variant: unknown, i): FlagVariant => {
    const field = `variants[${i}]`
    if (!isRecord(variant)) fail(field, 'must be an object {key, weight, value}')
    const { key, weight, value } = variant
    if (typeof key !== 'string' || key === '') fail(`${field}.key`, 'must be a non-empty string')
    if (seen.has(key)) fail(`${field}.key`, `repeats the variant key "${key}"`)
    seen.add(key)
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      fail(`${field}.weight`, 'must be a finite number >= 0')
    }
    if (!isJson(value)) fail(`${field}.value`, 'must be a JSON value')
    total += weight
    return Object.freeze({ key, weight, value: frozenJson(value as FlagValue) })
  })
  if (total <= 0) fail('variants', 'must have at least one variant with a weight above 0')
  const type = flagValueType(variants[0]!.value)
  variants.forEach((variant, i) => {
    if (flagValueType(variant.value) !== type)
      fail(`variants[${i}].value`, `must be a ${type}, like variants[0]`)
  })
  return variants
}

/**
 * Checks an untrusted flag definition (from JSON, a form or an API) and returns a clean copy. Throws a
 * `RuncellError` with code `INVALID_FLAG` whose message names the flag and the field at fault.
 */
export function validateFlagDefinition(input: unknown): FlagDefinition {
  const name = isRecord(input) && typeof input.key === 'string' ? `"${input.key}"` : '(unnamed)'
  function fail(field: string, why: string): never {
    throw new RuncellError(
      'INVALID_FLAG',
      `Flag ${name}: ${field} ${why}. Fix the definition and publish it again.`,
    )
  }
  if (!isRecord(input)) fail('definition', 'must be an object')
  const record = input as Record<string, unknown>
  for (const field of Object.keys(record)) {
    if (!DEFINITION_FIELDS.has(field)) fail(field, 'is not a known field')
  }
  const { key, enabled, rolloutPercentage, conditions, variants, defaultValue, version, metadata } = record
  if (typeof key !== 'string' || !FLAG_KEY_PATTERN.test(key)) {
    fail('key', 'must be 1-128 letters, digits, "_", "-" or ".", starting with a letter or digit')
  }
  if (typeof enabled !== 'boolean') fail('enabled', 'must be true or false')
  const definition: FlagDefinition = { key: key as string, enabled: enabled as boolean }
  if (rolloutPercentage !== undefined) {
    const pct = rolloutPercentage
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100) {
      fail('rolloutPercentage', `must be a number from 0 to 100 (got ${JSON.stringify(pct)})`)
    }
    if (Math.abs(pct * 100 - Math.round(pct * 100)) > 1e-6) {
      fail('rolloutPercentage', 'must have at most two decimals, the bucket resolution')
    }
    definition.rolloutPercentage = pct
  }
  if (conditions !== undefined) definition.conditions = validateConditions(conditions, fail)
  if (variants !== undefined) {
    definition.variants = validateVariants(variants, fail)
    const type = flagValueType(definition.variants[0]!.value)
    if (defaultValue === undefined) fail('defaultValue', 'is required when the flag has variants')
    if (!isJson(defaultValue) || flagValueType(defaultValue) !== type) {
      fail('defaultValue', `must be a ${type}, like the variant values`)
    }
    definition.defaultValue = frozenJson(defaultValue as FlagValue)
  } else if (defaultValue !== undefined) {
    if (defaultValue !== false) {
      fail(
        'defaultValue',
        'must be false or left out for a flag without variants; add variants to serve other values',
      )
    }
    definition.defaultValue = false
  }
  if (version !== undefined) {
    if (typeof version !== 'string' && flagValueType(version) !== 'number')
      fail('version', 'must be a string or number')
    definition.version = version as string | number
  }
  if (metadata !== undefined) definition.metadata = validateMetadata(metadata, fail)
  validated.add(definition)
  return definition
}

/**
 * Checks an untrusted flag source: an array of definitions, or `{flags: [...]}`. Throws a `RuncellError` with
 * code `INVALID_FLAG_SOURCE` when the shape is wrong, a key repeats, or any definition is invalid, so a bad
 * publish is rejected whole and the last good configuration stays in force.
 */
export function validateFlagSource(input: unknown): FlagDefinition[] {
  const list = Array.isArray(input)
    ? input
    : isRecord(input) && Array.isArray(input.flags)
      ? input.flags
      : undefined
  if (!list) {
    throw new RuncellError(
      'INVALID_FLAG_SOURCE',
      'The flag source must be a JSON array of flag definitions or an object {"flags": [...]}.',
    )
  }
  const seen = new Set<string>()
  return list.map((item: unknown, i) => {
    let definition: FlagDefinition
    try {
      definition = validateFlagDefinition(item)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new RuncellError(
        'INVALID_FLAG_SOURCE',
        `The flag source has an invalid flag at index ${i}. ${message}`,
      )
    }
    if (seen.has(definition.key)) {
      throw new RuncellError(
        'INVALID_FLAG_SOURCE',
        `The flag source defines "${definition.key}" twice; keep one.`,
      )
    }
    seen.add(definition.key)
    return definition
  })
}
