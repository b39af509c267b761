import type { EvaluationContext as OpenFeatureContext } from '@openfeature/web-sdk'
import type { AttributeValue, EvaluationContext } from './types.js'

function isAttributeValue(value: unknown): value is AttributeValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

/**
 * Reads an OpenFeature context as a Runcell one. `targetingKey`, `groups` (strings) and `environment` keep their
 * meaning; other top-level primitives, and the primitives of a nested `attributes` object, become attributes. So
 * a Runcell {@link EvaluationContext} passed to `OpenFeature.setContext` means the same thing in both.
 */
export function fromOpenFeatureContext(context: OpenFeatureContext | undefined): EvaluationContext {
  const out: EvaluationContext = {}
  const attributes: Record<string, AttributeValue> = {}
  for (const [name, value] of Object.entries(context ?? {})) {
    if (name === 'targetingKey') {
      if (typeof value === 'string' && value !== '') out.targetingKey = value
    } else if (name === 'groups') {
      if (Array.isArray(value))
        out.groups = value.filter((group): group is string => typeof group === 'string')
    } else if (name === 'environment') {
      if (typeof value === 'string') out.environment = value
    } else if (
      name === 'attributes' &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value)
    ) {
      for (const [key, nested] of Object.entries(value))
        if (isAttributeValue(nested)) attributes[key] = nested
    } else if (isAttributeValue(value)) {
      attributes[name] = value
    }
  }
  if (Object.keys(attributes).length > 0) out.attributes = attributes
  return out
}
