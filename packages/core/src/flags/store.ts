import { checkType, errorEvaluation, evaluateFlag, type Widen } from './evaluate.js'
import { evaluateOverride, type FlagOverrides } from './overrides.js'
import { frozenJson, validateFlagDefinition } from './validate.js'
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

/**
 * Where a store stands with its flag source, in OpenFeature's provider states: `NOT_READY` until a source
 * first loads, `READY` after, `ERROR` when the first load failed, `STALE` when a refresh failed after a good
 * load (the last good definitions still serve). A store without a source is `READY` from the start.
 */
export type FlagStatus = 'NOT_READY' | 'READY' | 'ERROR' | 'STALE'

/** What a flag store holds now. A new object after every change, so it works as a React external store. */
export interface FlagStoreState {
  definitions: ReadonlyMap<string, FlagDefinition>
  bootstrap: Readonly<Record<string, BootstrapValue>>
  overrides: Readonly<FlagOverrides>
  status: FlagStatus
  /** Why the last source load failed, while `status` is `ERROR` or `STALE`. */
  error?: string
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
  /** Creates or patches one flag; a patch keeps the fields it does not name. */
  updateFlag(key: string, patch: Partial<Omit<FlagDefinition, 'key'>>): FlagDefinition
  removeFlag(key: string): void
  setOverrides(overrides: FlagOverrides): void
  setBootstrap(bootstrap: Record<string, FlagValue | BootstrapValue>): void
  /** Says definitions will come from a source: `NOT_READY` until {@link sourceLoaded}. No-op after a load. */
  expectSource(): void
  /** A source answered: replaces the definitions (unless it is the same list again) and becomes `READY`. */
  sourceLoaded(flags: readonly FlagDefinition[]): void
  /** A source load failed: `ERROR` before any good load, `STALE` after one; definitions stay as they are. */
  sourceFailed(error: unknown): void
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
  for (const [key, entry] of Object.entries(bootstrap)) {
    const { value, variant } = isBootstrapValue(entry) ? entry : { value: entry, variant: undefined }
    out[key] = variant === undefined ? { value: frozenJson(value) } : { value: frozenJson(value), variant }
  }
  return out
}

// Served values are frozen copies, so a caller mutating one cannot change what the next evaluation serves.
function freezeOverrides(overrides: FlagOverrides | undefined): FlagOverrides {
  const out: FlagOverrides = {}
  for (const [key, value] of Object.entries(overrides ?? {})) out[key] = frozenJson(value)
  return out
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
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
    overrides: freezeOverrides(options.overrides),
    status: 'READY',
  }
  let loaded: readonly FlagDefinition[] | undefined
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
    if (state.status === 'NOT_READY')
      return errorEvaluation(
        defaultValue,
        'PROVIDER_NOT_READY',
        `Flags are still loading; "${key}" uses its default.`,
      )
    if (state.status === 'ERROR') {
      const why = `The flags could not be loaded (${state.error ?? 'unknown error'}); "${key}" uses its default.`
      return errorEvaluation(defaultValue, 'GENERAL', why)
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
    setOverrides: (overrides) => commit({ overrides: freezeOverrides(overrides) }),
    setBootstrap: (bootstrap) => commit({ bootstrap: normalizeBootstrap(bootstrap) }),
    expectSource() {
      if (loaded === undefined && state.status === 'READY') commit({ status: 'NOT_READY' })
    },
    sourceLoaded(flags) {
      if (flags === loaded && state.status === 'READY') return
      const next: Partial<FlagStoreState> = { status: 'READY', error: undefined }
      if (flags !== loaded) next.definitions = toMap(flags)
      loaded = flags
      commit(next)
    },
    sourceFailed(error) {
      const status = loaded === undefined ? 'ERROR' : 'STALE'
      const message = messageOf(error)
      if (state.status !== status || state.error !== message) commit({ status, error: message })
    },
    evaluate: evaluate as FlagStore['evaluate'],
  }
}
