// Types only: `@openfeature/web-sdk` is an optional peer, and this file must load without it.
import type {
  AnyProviderEvent,
  ErrorCode,
  EvaluationContext as OpenFeatureContext,
  EventContext,
  EventHandler,
  JsonValue,
  Logger,
  Provider,
  ProviderEventEmitter,
  ResolutionDetails,
} from '@openfeature/web-sdk'
import { fromOpenFeatureContext } from './openfeature-context.js'
import { DEFAULT_FLAG_REFRESH_INTERVAL, loadFlagSource, type FlagSource } from './source.js'
import { createFlagStore, type FlagStatus, type FlagStore, type FlagStoreState } from './store.js'
import type { FlagDefinition, FlagValue } from './types.js'

// The SDK's event names, spelled out so that no SDK enum is needed at runtime.
const CONFIGURATION_CHANGED = 'PROVIDER_CONFIGURATION_CHANGED' as AnyProviderEvent
const STATUS_EVENTS: Partial<Record<FlagStatus, AnyProviderEvent>> = {
  READY: 'PROVIDER_READY' as AnyProviderEvent,
  ERROR: 'PROVIDER_ERROR' as AnyProviderEvent,
  STALE: 'PROVIDER_STALE' as AnyProviderEvent,
}

/** Options of {@link RuncellFlagProvider}. */
export interface RuncellFlagProviderOptions {
  /** Load definitions from here: the provider is `NOT_READY` until the first good load. */
  source?: FlagSource
  /** How often the source is loaded again, in ms; 0 loads it once. Default 300000. */
  refreshInterval?: number
}

/** The smallest emitter the SDK accepts; the SDK adds its own handlers and forwards to clients. */
class ProviderEvents implements ProviderEventEmitter<AnyProviderEvent> {
  private readonly handlers = new Map<AnyProviderEvent, EventHandler[]>()

  emit(eventType: AnyProviderEvent, context?: EventContext): void {
    for (const handler of this.getHandlers(eventType)) {
      void Promise.resolve()
        .then(() => handler(context as Parameters<EventHandler>[0]))
        .catch(() => undefined)
    }
  }
  addHandler(eventType: AnyProviderEvent, handler: EventHandler): void {
    this.handlers.set(eventType, [...this.getHandlers(eventType), handler])
  }
  removeHandler(eventType: AnyProviderEvent, handler: EventHandler): void {
    this.handlers.set(
      eventType,
      this.getHandlers(eventType).filter((candidate) => candidate !== handler),
    )
  }
  removeAllHandlers(eventType?: AnyProviderEvent): void {
    if (eventType === undefined) this.handlers.clear()
    else this.handlers.delete(eventType)
  }
  getHandlers(eventType: AnyProviderEvent): EventHandler[] {
    return this.handlers.get(eventType) ?? []
  }
  setLogger(_logger: Logger): this {
    return this
  }
}

/**
 * An OpenFeature web provider backed by Runcell's evaluator, for hosts already on OpenFeature. It reads a
 * {@link FlagStore} (or a list of definitions), optionally loaded from a `source`. Its lifecycle follows the
 * store's status: `initialize()` resolves on the first good load (`READY`) and rejects when it fails (`ERROR`);
 * afterwards it emits `PROVIDER_READY`, `PROVIDER_ERROR`, `PROVIDER_STALE` and `PROVIDER_CONFIGURATION_CHANGED`
 * as the store changes, whoever loads it (this provider or a React `FeatureFlagProvider`).
 * @example await OpenFeature.setProviderAndWait(new RuncellFlagProvider(store, { source: '/api/flags' }))
 */
export class RuncellFlagProvider implements Provider {
  readonly metadata = { name: 'runcell' } as const
  readonly runsOn = 'client' as const
  readonly events = new ProviderEvents()
  /** The store this provider evaluates; update it to change flags at runtime. */
  readonly store: FlagStore
  private readonly source: FlagSource | undefined
  private readonly refreshInterval: number
  private readonly unsubscribe: () => void
  private last: FlagStoreState
  // While initialize() runs, the SDK reports its outcome itself, so the provider stays quiet.
  private initializing = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private loading: AbortController | undefined
  private closed = false

  constructor(flags: FlagStore | readonly FlagDefinition[] = [], options: RuncellFlagProviderOptions = {}) {
    this.store = Array.isArray(flags) ? createFlagStore({ flags }) : (flags as FlagStore)
    this.source = options.source
    this.refreshInterval = options.refreshInterval ?? DEFAULT_FLAG_REFRESH_INTERVAL
    if (this.source !== undefined) this.store.expectSource()
    this.last = this.store.getState()
    this.unsubscribe = this.store.subscribe(() => this.forward())
  }

  /**
   * Called by the SDK when the provider is set: loads the source (when there is one) and resolves once the
   * store is `READY`, or rejects with the load error when it is `ERROR`. A store loaded by someone else is
   * waited for the same way.
   */
  async initialize(): Promise<void> {
    this.initializing = true
    try {
      if (this.source !== undefined && this.timer === undefined && this.loading === undefined)
        await this.refresh()
      const state = await this.settled()
      if (state.status === 'ERROR') throw new Error(state.error ?? 'The flags could not be loaded.')
    } finally {
      this.initializing = false
      this.last = this.store.getState()
    }
  }

  /** Stops loading and forwarding store changes; the SDK calls this when the provider is replaced or closed. */
  async onClose(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    this.loading?.abort()
    this.unsubscribe()
  }

  /** Resolves a boolean flag; see {@link FlagStore.evaluate}. */
  resolveBooleanEvaluation(key: string, defaultValue: boolean, context: OpenFeatureContext) {
    return this.resolve(key, defaultValue, context)
  }
  /** Resolves a string flag; see {@link FlagStore.evaluate}. */
  resolveStringEvaluation(key: string, defaultValue: string, context: OpenFeatureContext) {
    return this.resolve(key, defaultValue, context)
  }
  /** Resolves a number flag; see {@link FlagStore.evaluate}. */
  resolveNumberEvaluation(key: string, defaultValue: number, context: OpenFeatureContext) {
    return this.resolve(key, defaultValue, context)
  }
  /** Resolves a JSON flag; see {@link FlagStore.evaluate}. */
  resolveObjectEvaluation<T extends JsonValue>(key: string, defaultValue: T, context: OpenFeatureContext) {
    return this.resolve(key, defaultValue, context)
  }

  private resolve<T extends FlagValue>(key: string, defaultValue: T, context: OpenFeatureContext) {
    const evaluation = this.store.evaluate(key, defaultValue, fromOpenFeatureContext(context))
    const details: ResolutionDetails<T> = {
      value: evaluation.value as T,
      reason: evaluation.reason,
      flagMetadata: evaluation.flagMetadata,
    }
    if (evaluation.variant !== undefined) details.variant = evaluation.variant
    if (evaluation.errorCode !== undefined) details.errorCode = evaluation.errorCode as ErrorCode
    if (evaluation.errorMessage !== undefined) details.errorMessage = evaluation.errorMessage
    return details
  }

  /** Loads the source once, then schedules the next load; the store turns the outcome into a status. */
  private async refresh(): Promise<void> {
    const source = this.source!
    const controller = new AbortController()
    this.loading = controller
    try {
      const flags = await loadFlagSource(source, controller.signal)
      if (!this.closed) this.store.sourceLoaded(flags)
    } catch (error) {
      if (!this.closed) this.store.sourceFailed(error)
    } finally {
      this.loading = undefined
      if (!this.closed && this.refreshInterval > 0)
        this.timer = setTimeout(() => void this.refresh(), this.refreshInterval)
    }
  }

  private settled(): Promise<FlagStoreState> {
    return new Promise((resolve) => {
      const check = () => {
        const state = this.store.getState()
        if (state.status === 'NOT_READY') return false
        unsubscribe()
        resolve(state)
        return true
      }
      const unsubscribe = this.store.subscribe(() => void check())
      check()
    })
  }

  private forward(): void {
    const previous = this.last
    const state = this.store.getState()
    this.last = state
    if (this.initializing || this.closed) return
    const event = STATUS_EVENTS[state.status]
    if (state.status !== previous.status && event !== undefined) {
      this.events.emit(event, state.error === undefined ? {} : { message: state.error })
    }
    const changed =
      state.definitions !== previous.definitions ||
      state.overrides !== previous.overrides ||
      state.bootstrap !== previous.bootstrap
    if (changed) this.events.emit(CONFIGURATION_CHANGED, {})
  }
}
