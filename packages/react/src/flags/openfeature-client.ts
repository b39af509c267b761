// Types only: `@openfeature/web-sdk` is an optional peer of this package.
import type { Client, EvaluationDetails, JsonValue, ProviderEvents } from '@openfeature/web-sdk'
import type { FlagClient } from './client.js'
import type {
  EvaluationReason,
  FlagErrorCode,
  FlagEvaluation,
  FlagStatus,
  FlagValue,
} from '@runcell/core/flags'

// The SDK's event names, spelled out so that no SDK enum is needed at runtime.
const REFRESH_EVENTS = [
  'PROVIDER_READY',
  'PROVIDER_CONFIGURATION_CHANGED',
  'PROVIDER_CONTEXT_CHANGED',
  'PROVIDER_ERROR',
  'PROVIDER_STALE',
] as ProviderEvents[]

const REASONS = new Set<string>([
  'STATIC',
  'TARGETING_MATCH',
  'SPLIT',
  'DISABLED',
  'DEFAULT',
  'CACHED',
  'ERROR',
])

// FATAL is an ERROR that will not recover; RECONCILING (a context change in flight) still serves values.
const STATUSES: Partial<Record<string, FlagStatus>> = {
  NOT_READY: 'NOT_READY',
  READY: 'READY',
  ERROR: 'ERROR',
  FATAL: 'ERROR',
  STALE: 'STALE',
}

function toEvaluation(details: EvaluationDetails<FlagValue>): FlagEvaluation<FlagValue> {
  // OpenFeature allows custom reasons; STALE means a cached value, anything unknown reads as DEFAULT.
  const reason = (
    REASONS.has(details.reason ?? '') ? details.reason : details.reason === 'STALE' ? 'CACHED' : 'DEFAULT'
  ) as EvaluationReason
  const evaluation: FlagEvaluation<FlagValue> = {
    value: details.value,
    reason: details.errorCode ? 'ERROR' : reason,
    flagMetadata: { ...details.flagMetadata },
  }
  if (details.variant !== undefined) evaluation.variant = details.variant
  if (details.errorCode !== undefined) evaluation.errorCode = details.errorCode as unknown as FlagErrorCode
  if (details.errorMessage !== undefined) evaluation.errorMessage = details.errorMessage
  return evaluation
}

function resolve(client: Client, key: string, defaultValue: FlagValue): EvaluationDetails<FlagValue> {
  if (typeof defaultValue === 'boolean') return client.getBooleanDetails(key, defaultValue)
  if (typeof defaultValue === 'string') return client.getStringDetails(key, defaultValue)
  if (typeof defaultValue === 'number') return client.getNumberDetails(key, defaultValue)
  return client.getObjectDetails(key, defaultValue as JsonValue)
}

/**
 * Adapts any OpenFeature web client to the hooks, so `useFlag` and friends run on whatever provider a host
 * already uses. Pass it as `FeatureFlagProvider`'s `openFeatureClient`; context then comes from
 * `OpenFeature.setContext`. Without a default (`useVariant`), the flag's type is found by trying boolean,
 * string, number and object in turn until the provider stops answering `TYPE_MISMATCH`.
 */
export function createOpenFeatureFlagClient(
  client: Client,
): Pick<FlagClient, 'evaluate' | 'subscribe' | 'getSnapshot' | 'getStatus'> {
  let version = 0
  return {
    evaluate(key, defaultValue) {
      if (defaultValue !== undefined) return toEvaluation(resolve(client, key, defaultValue))
      let details: EvaluationDetails<FlagValue> | undefined
      for (const probe of [false, '', 0, {}] as FlagValue[]) {
        details = resolve(client, key, probe)
        if (details.errorCode !== 'TYPE_MISMATCH') break
      }
      const evaluation = toEvaluation(details!)
      return evaluation.reason === 'ERROR' ? { ...evaluation, value: undefined } : evaluation
    },
    subscribe(listener) {
      const handler = () => {
        version++
        listener()
      }
      for (const event of REFRESH_EVENTS) client.addHandler(event, handler)
      return () => {
        for (const event of REFRESH_EVENTS) client.removeHandler(event, handler)
      }
    },
    getSnapshot: () => version,
    getStatus: () => STATUSES[client.providerStatus] ?? 'READY',
  }
}
