import type { Client } from '@openfeature/web-sdk'
import type { QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { FlagClientContext, type FlagClient } from './client.js'
import {
  checkType,
  createFlagStore,
  evaluateOverride,
  type BootstrapValue,
  type EvaluationContext,
  type FlagDefinition,
  type FlagOverrides,
  type FlagValue,
} from '@runcell/core/flags'
import { createExposureTracker, type ExposureEvent } from './exposure.js'
import { createOpenFeatureFlagClient } from './openfeature-client.js'
import { DEFAULT_FLAG_CACHE_TTL, useRemoteFlags, type FlagSource } from './remote-source.js'

/** Props of {@link FeatureFlagProvider}. */
export interface FeatureFlagProviderProps {
  /** Static definitions; with `source`, they serve until the source first loads. Memoize them. */
  flags?: readonly FlagDefinition[]
  /** A URL answering a JSON flag source, or an async function resolving to one. */
  source?: FlagSource
  /** How long a fetched configuration stays fresh, and how often it is polled, in ms. Default 300000. */
  cacheTtl?: number
  /** Values evaluated on the server, served as `CACHED` on the first render until definitions arrive. */
  bootstrap?: Record<string, FlagValue | BootstrapValue>
  /** Who is asking: targeting key, groups, environment and attributes. */
  context?: EvaluationContext
  /** Forced values for tests and development, e.g. `parseFlagOverrides(location.search)`. */
  overrides?: FlagOverrides
  /** Called once per flag and variant per provider session, after the component that used it rendered. */
  onExposure?: (event: ExposureEvent) => void
  /** Called when fetching or validating `source` fails; the last good configuration stays in force. */
  onSourceError?: (error: unknown) => void
  /** The TanStack Query client to cache the source in. Default: the ambient one, else a private one. */
  queryClient?: QueryClient
  /** Evaluate through this OpenFeature client instead of Runcell's store (`flags`, `source`, `context` unused). */
  openFeatureClient?: Client
  children?: ReactNode
}

/**
 * Provides feature flags to `useFlag`, `useVariant`, `useFlagDetails`, `<Feature>` and `useExecutionSwitch`.
 * @example
 * <FeatureFlagProvider source="/api/flags" context={{ targetingKey: user.id, groups: user.groups }}
 *   bootstrap={serverFlags} onExposure={(event) => analytics.track('exposure', event)}>
 *   <App />
 * </FeatureFlagProvider>
 */
export function FeatureFlagProvider(props: FeatureFlagProviderProps) {
  const { flags, source, cacheTtl = DEFAULT_FLAG_CACHE_TTL, context, overrides, openFeatureClient } = props
  const [store] = useState(() => {
    const created = createFlagStore({ flags: flags ?? [], bootstrap: props.bootstrap, overrides })
    if (source !== undefined) created.expectSource()
    return created
  })
  const remote = useRemoteFlags(source, cacheTtl, props.queryClient, props.onSourceError)
  const { data: loaded, error: loadError, dataUpdatedAt, errorUpdatedAt } = remote

  // Hosts pass context and overrides inline; keying on their JSON keeps the client (and every consumer) stable
  // across renders that change nothing.
  const contextKey = JSON.stringify(context ?? {})
  const overridesKey = JSON.stringify(overrides ?? {})
  const applied = useRef({ flags, overridesKey })
  useEffect(() => {
    // Static flags serve until the source first loads; from then on the source's answers drive the status.
    if (loaded === undefined && flags && flags !== applied.current.flags) store.setFlags(flags)
    if (overridesKey !== applied.current.overridesKey)
      store.setOverrides(JSON.parse(overridesKey) as FlagOverrides)
    applied.current = { flags, overridesKey }
  }, [store, loaded, flags, overridesKey])
  useEffect(() => {
    // Whichever answered last decides: a good load makes the store READY, a failure ERROR or STALE.
    if (loaded !== undefined && dataUpdatedAt >= errorUpdatedAt) store.sourceLoaded(loaded)
    else if (loadError) store.sourceFailed(loadError)
  }, [store, loaded, loadError, dataUpdatedAt, errorUpdatedAt])

  const onExposure = useRef(props.onExposure)
  useEffect(() => {
    onExposure.current = props.onExposure
  })
  const emitExposure = useCallback((event: ExposureEvent) => onExposure.current?.(event), [])
  // The tracker calls emitExposure only when an exposure fires, after render, so the ref is never read in render.
  // eslint-disable-next-line react-hooks/refs
  const [reportExposure] = useState(() => createExposureTracker(emitExposure))

  const client = useMemo<FlagClient>(() => {
    if (openFeatureClient) {
      const adapter = createOpenFeatureFlagClient(openFeatureClient)
      const forced = JSON.parse(overridesKey) as FlagOverrides
      return {
        ...adapter,
        evaluate(key, defaultValue) {
          if (!Object.hasOwn(forced, key)) return adapter.evaluate(key, defaultValue)
          return checkType(evaluateOverride(forced[key]!, undefined), defaultValue, key)
        },
        reportExposure,
      }
    }
    const parsed = JSON.parse(contextKey) as EvaluationContext
    return {
      evaluate: (key, defaultValue) => store.evaluate(key, defaultValue, parsed),
      subscribe: store.subscribe,
      getSnapshot: store.getState,
      getStatus: () => store.getState().status,
      reportExposure,
    }
  }, [store, contextKey, overridesKey, openFeatureClient, reportExposure])

  return <FlagClientContext.Provider value={client}>{props.children}</FlagClientContext.Provider>
}
