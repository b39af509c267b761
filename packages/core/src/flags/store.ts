import { checkType, errorEvaluation, evaluateFlag, type Widen } from './evaluate.js'
import { evaluateOverride, type FlagOverrides } from './overrides.js'
import { validateFlagDefinition } from './validate.js'
import type { EvaluationContext, FlagDefinition, FlagEvaluation, FlagValue } from './types.js'

/** A value evaluated elsewhere (on the server), served with reason `CACHED` until a definition arrives. */
export interface BootstrapValue {
  value: FlagValue
  variant?: string
}

/** Options of {@link createFlagStore}. Definitions are validated; a bad one throws `INVALID_FLAG`. */
export interface FlagStoreOptions {
  flags?: readonly FlagDefinition[]
  bootstrap?: Record<string, FlagValue | BootstrapValue>
  overrides?: FlagOverrides
}

/** What a flag store holds now. A new object after every change, so it works as a React external store. */
export interface FlagStoreState {
  definitions: ReadonlyMap<string, FlagDefinition>
  bootstrap: Readonly<Record<string, BootstrapValue>>
  overrides: Readonly<FlagOverrides>
}

/**
 * A vanilla store of flag definitions that evaluates by key, in the order override, definition, bootstrap.
 * `subscribe`/`getState` fit `useSyncExternalStore`, and the OpenFeature provider listens to the same store.
 */
export interface FlagStore {
  getState(): FlagStoreState
  subscribe(listener: () => void): () => void
  /** Replaces every definition at once (a fetched source, say). */
  setFlags(flags: readonly FlagDefinition[]): void
  /** Creates or patches one flag, like the seed's `featureFlags.updateFlag(key, patch)`. */
  updateFlag(key: string, patch: Partial<Omit<FlagDefinition, 'key'>>): FlagDefinition
  removeFlag(key: string): void
  setOverrides(overrides: FlagOverrides): void
  setBootstrap(bootstrap: Record<string, FlagValue | BootstrapValue>): void
  /** Evaluates a flag; never throws. Leave `defaultValue` out to accept any type. */
  evaluate<T extends FlagValue>(
    key: string,
    defaultValue: T,
    context?: EvaluationContext,
  ): FlagEvaluation<Widen<T>>
  evaluate(
    key: string,
    defaultValue?: FlagValue | undefined,
    context?: EvaluationContext,
  ): FlagEvaluation<FlagValue | undefined>
}

function isBootstrapValue(entry: FlagValue | BootstrapValue): entry is BootstrapValue {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) && 'value' in entry
}

function normalizeBootstrap(
  bootstrap: Record<string, FlagValue | BootstrapValue>,
): Record<string, BootstrapValue> {
  const out: Record<string, BootstrapValue> = {}
  for (const [key, entry] of Object.entries(bootstrap))
    out[key] = isBootstrapValue(entry) ? entry : { value: entry }
  return out
}

function toMap(flags: readonly FlagDefinition[]): Map<string, FlagDefinition> {
  const map = new Map<string, FlagDefinition>()
  for (const flag of flags) {
    const definition = validateFlagDefinition(flag)
    map.set(definition.key, definition)
  }
  return map
}

/** Creates a {@link FlagStore}, the one place a host keeps its flag definitions. */
export function createFlagStore(options: FlagStoreOptions = {}): FlagStore {
  let state: FlagStoreState = {
    definitions: toMap(options.flags ?? []),
    bootstrap: normalizeBootstrap(options.bootstrap ?? {}),
    overrides: { ...options.overrides },
  }
  const listeners = new Set<() => void>()
  const commit = (next: Partial<FlagStoreState>) => {
    state = { ...state, ...next }
    for (const listener of [...listeners]) listener()
  }

  const evaluate = (
    key: string,
    defaultValue?: FlagValue,
    context: EvaluationContext = {},
  ): FlagEvaluation<FlagValue | undefined> => {
    const definition = state.definitions.get(key)
    if (Object.hasOwn(state.overrides, key)) {
      return checkType(evaluateOverride(state.overrides[key]!, definition), defaultValue, key)
    }
    if (definition) return evaluateFlag(definition, context, defaultValue as FlagValue)
    const cached = Object.hasOwn(state.bootstrap, key) ? state.bootstrap[key] : undefined
    if (cached) {
      const evaluation = {
        value: cached.value,
        variant: cached.variant,
        reason: 'CACHED' as const,
        flagMetadata: {},
      }
      return checkType(evaluation, defaultValue, key)
    }
    return errorEvaluation(defaultValue, 'FLAG_NOT_FOUND', `No flag "${key}" is defined.`)
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setFlags: (flags) => commit({ definitions: toMap(flags) }),
    updateFlag(key, patch) {
      const current = state.definitions.get(key)
      const definition = validateFlagDefinition({ ...(current ?? { enabled: false }), ...patch, key })
      commit({ definitions: new Map(state.definitions).set(key, definition) })
      return definition
    },
    removeFlag(key) {
      if (!state.definitions.has(key)) return
      const definitions = new Map(state.definitions)
      definitions.delete(key)
      commit({ definitions })
    },
    setOverrides: (overrides) => commit({ overrides: { ...overrides } }),
    setBootstrap: (bootstrap) => commit({ bootstrap: normalizeBootstrap(bootstrap) }),
    evaluate: evaluate as FlagStore['evaluate'],
  }
}
