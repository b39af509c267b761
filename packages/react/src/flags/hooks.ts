import { useContext, useEffect, useMemo, useSyncExternalStore } from 'react'
import { NO_PROVIDER_CLIENT, FlagClientContext, type FlagClient } from './client.js'
import type { Language } from '@runcell/core'
import {
  isExecutionAllowed,
  switchState,
  type ExecutionSwitch,
  type FlagEvaluation,
  type FlagStatus,
  type FlagValue,
  type Widen,
} from '@runcell/core/flags'
import { exposureId } from './exposure.js'

function useFlagClient(): [FlagClient, unknown] {
  const client = useContext(FlagClientContext) ?? NO_PROVIDER_CLIENT
  const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot)
  return [client, snapshot]
}

/**
 * The full evaluation of a flag: value, variant, reason and metadata. Re-renders when the flags change, and
 * reports one exposure per flag and variant to the provider's `onExposure`, after render.
 */
export function useFlagDetails<T extends FlagValue>(key: string, defaultValue: T): FlagEvaluation<Widen<T>>
export function useFlagDetails(key: string): FlagEvaluation<FlagValue | undefined>
export function useFlagDetails(key: string, defaultValue?: FlagValue): FlagEvaluation<FlagValue | undefined> {
  const [client, snapshot] = useFlagClient()
  // Objects as defaults would defeat the memo, so the memo keys on the default's JSON.
  const defaultKey = JSON.stringify(defaultValue)
  const evaluation = useMemo(() => {
    // Read so that it is a real dependency: the snapshot changes exactly when evaluations may change.
    void snapshot
    return client.evaluate(key, defaultKey === undefined ? undefined : (JSON.parse(defaultKey) as FlagValue))
  }, [client, snapshot, key, defaultKey])
  const seen = exposureId(key, evaluation)
  useEffect(() => {
    client.reportExposure(key, evaluation)
    // Keyed on the exposure's identity, not the evaluation object: one report per distinct exposure.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- seen and reason identify the evaluation
  }, [client, key, seen, evaluation.reason])
  return evaluation
}

/**
 * A flag's value, or `defaultValue` when the flag is missing, of another type, or there is no provider.
 * @example const showEditor = useFlag('new_editor', false)
 */
export function useFlag<T extends FlagValue>(key: string, defaultValue: T): Widen<T> {
  return useFlagDetails(key, defaultValue).value
}

/**
 * The variant key a user got (`on`/`off` for boolean flags, `default` for a multivariate flag's default), or
 * `undefined` when the flag could not be evaluated.
 */
export function useVariant(key: string): string | undefined {
  const evaluation = useFlagDetails(key)
  return evaluation.reason === 'ERROR' ? undefined : evaluation.variant
}

/**
 * Whether a runner of `language` may run under Runcell's switches (`code_execution` and the language's own
 * flag), for `<CodeRunner>`. With no provider, or flags that don't exist, execution is allowed.
 */
export function useExecutionSwitch(language: Language): ExecutionSwitch {
  const [client, snapshot] = useFlagClient()
  return useMemo(() => {
    void snapshot // a real dependency: evaluations change with it
    return isExecutionAllowed(
      (key, defaultValue) => switchState(client.evaluate(key, defaultValue), defaultValue),
      language,
    )
  }, [client, snapshot, language])
}

/**
 * Where the nearest provider's flags stand: `NOT_READY` until its source first loads, then `READY`; `ERROR` when
 * the first load failed, `STALE` when a refresh failed after a good one (the last good flags still serve).
 * @example const status = useFlagStatus(); if (status === 'NOT_READY') return <Spinner />
 */
export function useFlagStatus(): FlagStatus {
  const [client] = useFlagClient()
  return client.getStatus()
}
