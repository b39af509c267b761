import { createContext } from 'react'
import { errorEvaluation, type FlagEvaluation, type FlagStatus, type FlagValue } from '@runcell/core/flags'

/**
 * What the hooks read flags through: a Runcell store under `FeatureFlagProvider`, or any OpenFeature client via
 * {@link createOpenFeatureFlagClient}. `subscribe`/`getSnapshot` follow `useSyncExternalStore`.
 */
export interface FlagClient {
  /** Evaluates a flag for the current context; never throws. An `undefined` default accepts any type. */
  evaluate(key: string, defaultValue: FlagValue | undefined): FlagEvaluation<FlagValue | undefined>
  subscribe(listener: () => void): () => void
  /** Changes whenever an evaluation may have changed. */
  getSnapshot(): unknown
  /** Where the flags stand: `NOT_READY` until a source first loads, then `READY`, `ERROR` or `STALE`. */
  getStatus(): FlagStatus
  /** Records that the user saw this evaluation; the provider fires `onExposure` once per flag and variant. */
  reportExposure(key: string, evaluation: FlagEvaluation<FlagValue | undefined>): void
}

const noSubscription = () => () => undefined

/** The client hooks use with no provider: every flag gives its default, so Runcell's switches allow execution. */
export const NO_PROVIDER_CLIENT: FlagClient = {
  evaluate: (key, defaultValue) =>
    errorEvaluation(
      defaultValue,
      'PROVIDER_NOT_READY',
      `No FeatureFlagProvider above this component; "${key}" uses its default.`,
    ),
  subscribe: noSubscription,
  getSnapshot: () => NO_PROVIDER_CLIENT,
  getStatus: () => 'NOT_READY',
  reportExposure: () => undefined,
}

/** React context carrying the nearest provider's {@link FlagClient}. */
export const FlagClientContext = createContext<FlagClient | null>(null)
