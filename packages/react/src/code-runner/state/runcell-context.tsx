import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { createRuntime, type ExecutionObserver, type Runtime, type RuntimeConfig } from '@runcell/core'
import { mergeMessages, type CodeRunnerMessageOverrides, type CodeRunnerMessages } from '../messages.js'

/** Light, dark, or `auto` to follow the reader's `prefers-color-scheme`. */
export type RunnerTheme = 'light' | 'dark' | 'auto'

/** A page's Runcell settings: the runtime's config (assets, limits), the messages and the theme. */
export interface RuncellConfig extends Partial<RuntimeConfig> {
  messages?: CodeRunnerMessageOverrides
  theme?: RunnerTheme
}

/** What runners share: one runtime, the messages and the theme. */
export interface Runcell {
  runtime: Runtime
  messages: CodeRunnerMessages
  theme: RunnerTheme
}

/** The zero-config default: the host serves the runner assets under its own origin at /runcell/. */
export const DEFAULT_ASSETS_BASE_URL = '/runcell/'

const RuncellContext = createContext<Runcell | null>(null)

function runtimeConfig(config: RuncellConfig): RuntimeConfig {
  const { messages: _messages, theme: _theme, ...rest } = config
  return { ...rest, assetsBaseUrl: rest.assetsBaseUrl ?? DEFAULT_ASSETS_BASE_URL }
}

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

/** Props of `<RuncellProvider>`. */
export interface RuncellProviderProps {
  /** Runtime settings, messages and theme for every runner inside. */
  config?: RuncellConfig
  /** An existing runtime to share instead of creating one (the provider then leaves disposing it to you). */
  runtime?: Runtime
  children?: ReactNode
}

/**
 * Gives every `<CodeRunner>` and `useCodeRunner` inside one runtime: one runner iframe and one interpreter per
 * language for the page. The runtime is created lazily and is safe to render on the server.
 * @example
 * <RuncellProvider config={{ assetsBaseUrl: '/runcell/', timeoutMs: 10_000, theme: 'dark' }}>
 *   <CodeRunner language="python" code="print('hi')" />
 * </RuncellProvider>
 */
export function RuncellProvider({ config = {}, runtime: given, children }: RuncellProviderProps) {
  const [owned] = useState(() =>
    given ? { runtime: given, own: false } : { runtime: createRuntime(runtimeConfig(config)), own: true },
  )
  useEffect(() => {
    if (!owned.own) return
    // StrictMode unmounts and mounts again at once; dispose only if the provider stays gone.
    let timer: ReturnType<typeof setTimeout> | undefined
    clearTimeout(disposals.get(owned.runtime))
    return () => {
      timer = setTimeout(() => owned.runtime.dispose(), 0)
      disposals.set(owned.runtime, timer)
    }
  }, [owned])
  const messagesKey = config.messages
  const theme = config.theme ?? 'auto'
  const value = useMemo<Runcell>(
    () => ({ runtime: owned.runtime, messages: mergeMessages(messagesKey), theme }),
    [owned, messagesKey, theme],
  )
  return <RuncellContext.Provider value={value}>{children}</RuncellContext.Provider>
}

const disposals = new WeakMap<Runtime, ReturnType<typeof setTimeout>>()

/** The nearest provider's runtime, or the page-wide default for `config` when there is none. */
export function useRuncell(config?: RuncellConfig): Runcell {
  const provided = useContext(RuncellContext)
  const observer = config?.observer
  const key = config ? JSON.stringify({ ...config, observer: undefined }) : ''
  return useMemo(
    () => provided ?? getDefaultRuncell(config),
    // Keyed by the config's content and the observer's identity: inline config objects must not create a
    // runtime per render, and a different observer must not be ignored.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [provided, key, observer],
  )
}
