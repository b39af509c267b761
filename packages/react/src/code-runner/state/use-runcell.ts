import { useContext, useMemo } from 'react'
import { createRuntime, type ExecutionObserver, type Runtime } from '@runcell/core'
import { mergeMessages } from '../messages.js'
import {
  RuncellContext,
  runtimeConfig,
  type Runcell,
  type RuncellConfig,
  type RuntimeHolder,
} from './runcell-context.js'

const pageDefaults = new Map<string, Runtime>()

// An observer is an object with functions, so JSON can't tell two apart; each distinct one gets a number instead.
const observerIds = new WeakMap<ExecutionObserver, number>()
let nextObserverId = 1
function observerKey(observer: ExecutionObserver | undefined): number {
  if (!observer) return 0
  let id = observerIds.get(observer)
  if (id === undefined) observerIds.set(observer, (id = nextObserverId++))
  return id
}

/**
 * The page-wide runtime for runners without a provider, one per distinct config (a distinct `observer` object
 * counts, so pass the same one to share a runtime), so a lone `<CodeRunner>` works and thirty of them still share
 * one interpreter per language.
 */
export function getDefaultRuncell(config: RuncellConfig = {}): Runcell {
  const resolved = runtimeConfig(config)
  const { observer, ...keyed } = resolved
  const key = `${observerKey(observer)}\u0000${JSON.stringify(keyed)}`
  let runtime = pageDefaults.get(key)
  if (!runtime) {
    runtime = createRuntime(resolved)
    pageDefaults.set(key, runtime)
  }
  return { runtime, messages: mergeMessages(config.messages), theme: config.theme ?? 'auto' }
}

/** The provider's runtime, created on first use (creating one opens nothing until a run or warm-up). */
function heldRuntime(holder: RuntimeHolder): Runtime {
  holder.runtime ??= createRuntime(holder.config)
  return holder.runtime
}

/** The nearest provider's runtime, or the page-wide default for `config` when there is none. */
export function useRuncell(config?: RuncellConfig): Runcell {
  const provided = useContext(RuncellContext)
  const observer = config?.observer
  const key = config ? JSON.stringify({ ...config, observer: undefined }) : ''
  return useMemo(
    () =>
      provided
        ? { runtime: heldRuntime(provided.holder), messages: provided.messages, theme: provided.theme }
        : getDefaultRuncell(config),
    // Keyed by the config's content and the observer's identity: inline config objects must not create a
    // runtime per render, and a different observer must not be ignored.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [provided, key, observer],
  )
}
