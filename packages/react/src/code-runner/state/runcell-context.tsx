import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { createRuntime, LANGUAGES, type Runtime, type RuntimeConfig } from '@runcell/core'
import { mergeMessages, type CodeRunnerMessageOverrides, type CodeRunnerMessages } from '../messages.js'
import { createRuncellStore, type RuncellStore } from './runner-store.js'

/** Light, dark, or `auto` to follow the reader's `prefers-color-scheme`. */
export type RunnerTheme = 'light' | 'dark' | 'auto'

/** A page's Runcell settings: the runtime's config (assets, limits), the messages and the theme. */
export interface RuncellConfig extends Partial<RuntimeConfig> {
  messages?: CodeRunnerMessageOverrides
  theme?: RunnerTheme
}

/** What runners share: one runtime, its store, the messages and the theme. */
export interface Runcell {
  runtime: Runtime
  store: RuncellStore
  messages: CodeRunnerMessages
  theme: RunnerTheme
}

/** The zero-config default: the host serves the runner assets under its own origin at /runcell/. */
export const DEFAULT_ASSETS_BASE_URL = '/runcell/'

const RuncellContext = createContext<Runcell | null>(null)

function bindStore(runtime: Runtime): RuncellStore {
  const store = createRuncellStore()
  const engines = Object.fromEntries(
    LANGUAGES.map((language) => [language, runtime.getEngineState(language)]),
  )
  store.setState({ engines })
  runtime.subscribe((language, state) =>
    store.setState((s) => ({ engines: { ...s.engines, [language]: state } })),
  )
  return store
}

function runtimeConfig(config: RuncellConfig): RuntimeConfig {
  const { messages: _messages, theme: _theme, ...rest } = config
  return { ...rest, assetsBaseUrl: rest.assetsBaseUrl ?? DEFAULT_ASSETS_BASE_URL }
}

const pageDefaults = new Map<string, { runtime: Runtime; store: RuncellStore }>()

/**
 * The page-wide runtime for runners without a provider, one per distinct config, so a lone `<CodeRunner>`
 * works and thirty of them still share one interpreter per language.
 */
export function getDefaultRuncell(config: RuncellConfig = {}): Runcell {
  const resolved = runtimeConfig(config)
  const { observer: _observer, ...keyed } = resolved
  const key = JSON.stringify(keyed)
  let entry = pageDefaults.get(key)
  if (!entry) {
    const runtime = createRuntime(resolved)
    entry = { runtime, store: bindStore(runtime) }
    pageDefaults.set(key, entry)
  }
  return { ...entry, messages: mergeMessages(config.messages), theme: config.theme ?? 'auto' }
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
  const [owned] = useState(() => {
    if (given) return { runtime: given, store: bindStore(given), own: false }
    const runtime = createRuntime(runtimeConfig(config))
    return { runtime, store: bindStore(runtime), own: true }
  })
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
    () => ({ runtime: owned.runtime, store: owned.store, messages: mergeMessages(messagesKey), theme }),
    [owned, messagesKey, theme],
  )
  return <RuncellContext.Provider value={value}>{children}</RuncellContext.Provider>
}

const disposals = new WeakMap<Runtime, ReturnType<typeof setTimeout>>()

/** The nearest provider's runtime, or the page-wide default for `config` when there is none. */
export function useRuncell(config?: RuncellConfig): Runcell {
  const provided = useContext(RuncellContext)
  const key = config ? JSON.stringify({ ...config, observer: undefined }) : ''
  return useMemo(
    () => provided ?? getDefaultRuncell(config),
    // Keyed by the config's content: inline config objects must not create a runtime per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [provided, key],
  )
}
