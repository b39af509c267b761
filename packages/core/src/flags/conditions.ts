import { compareSemver } from './semver.js'
import type { AttributeRule, AttributeValue, EvaluationContext, FlagConditions } from './types.js'

function matchesRule(rule: AttributeRule, actual: AttributeValue | undefined): boolean {
  if (actual === undefined) return false
  const expected = rule.value
  switch (rule.operator) {
    case 'equals':
      return actual === expected
    case 'notEquals':
      return actual !== expected
    case 'in':
      return Array.isArray(expected) && expected.includes(actual)
    case 'notIn':
      return Array.isArray(expected) && !expected.includes(actual)
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      // Numbers only: a string attribute such as "10" never compares, so "9" < "10" can't go wrong.
      if (typeof actual !== 'number' || typeof expected !== 'number') return false
      const diff = actual - expected
      return rule.operator === 'lt'
        ? diff < 0
        : rule.operator === 'lte'
          ? diff <= 0
          : rule.operator === 'gt'
            ? diff > 0
            : diff >= 0
    }
    default: {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false
      const diff = compareSemver(actual, expected)
      if (diff === undefined) return false
      switch (rule.operator) {
        case 'semverEq':
          return diff === 0
        case 'semverLt':
          return diff < 0
        case 'semverLte':
          return diff <= 0
        case 'semverGt':
          return diff > 0
        case 'semverGte':
          return diff >= 0
      }
    }
  }
}

/** True when the context matches every part of the conditions that is present. No conditions match everyone. */
export function matchesConditions(
  conditions: FlagConditions | undefined,
  context: EvaluationContext,
): boolean {
  if (!conditions) return true
  const { userGroups, environment, attributes } = conditions
  if (userGroups && userGroups.length > 0) {
    const groups = context.groups ?? []
    if (!userGroups.some((group) => groups.includes(group))) return false
  }
  if (environment !== undefined) {
    const allowed = typeof environment === 'string' ? [environment] : environment
    if (context.environment === undefined || !allowed.includes(context.environment)) return false
  }
  for (const rule of attributes ?? []) {
    if (!matchesRule(rule, context.attributes?.[rule.attribute])) return false
  }
  return true
}

/** True when the conditions narrow the audience at all, so a match is worth reporting as `TARGETING_MATCH`. */
export function hasConditions(conditions: FlagConditions | undefined): boolean {
  if (!conditions) return false
  return (
    (conditions.userGroups?.length ?? 0) > 0 ||
    conditions.environment !== undefined ||
    (conditions.attributes?.length ?? 0) > 0
  )
}
