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
import { createFlagStore, type FlagStore } from './store.js'
import type { FlagDefinition, FlagValue } from './types.js'

// The SDK's event names, spelled out so that no SDK enum is needed at runtime.
const CONFIGURATION_CHANGED = 'PROVIDER_CONFIGURATION_CHANGED' as AnyProviderEvent

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
 * {@link FlagStore} (or a list of definitions) and emits `PROVIDER_CONFIGURATION_CHANGED` when the store changes.
 * @example await OpenFeature.setProviderAndWait(new RuncellFlagProvider(store))
 */
export class RuncellFlagProvider implements Provider {
  readonly metadata = { name: 'runcell' } as const
  readonly runsOn = 'client' as const
  readonly events = new ProviderEvents()
  /** The store this provider evaluates; update it to change flags at runtime. */
  readonly store: FlagStore
  private readonly unsubscribe: () => void

  constructor(flags: FlagStore | readonly FlagDefinition[] = []) {
    this.store = Array.isArray(flags) ? createFlagStore({ flags }) : (flags as FlagStore)
    this.unsubscribe = this.store.subscribe(() => this.events.emit(CONFIGURATION_CHANGED, {}))
  }

  /** Stops forwarding store changes; the SDK calls this when the provider is replaced or closed. */
  async onClose(): Promise<void> {
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
}
