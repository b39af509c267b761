import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Runtime, RuntimeConfig } from '@runcell/core'
import { mergeMessages, type CodeRunnerMessageOverrides, type CodeRunnerMessages } from '../messages.js'

/** Light, dark, or `auto` to follow the page's own theme switch, else the reader's `prefers-color-scheme`. */
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

/**
 * A provider's runtime, created by the first runner that needs it. The provider itself never imports the
 * runtime's code, so a layout that wraps every page in `<RuncellProvider>` costs pages without runners nothing.
 */
export interface RuntimeHolder {
  config: RuntimeConfig
  runtime: Runtime | null
  /** False when the provider was given a runtime: disposing it is then the caller's business. */
  owned: boolean
}

/** What `<RuncellProvider>` puts in context. */
export interface ProvidedRuncell {
  holder: RuntimeHolder
  messages: CodeRunnerMessages
  theme: RunnerTheme
}

/** The provider's context; read it through `useRuncell` (runtime) or `useRuncellLook` (messages and theme). */
export const RuncellContext = createContext<ProvidedRuncell | null>(null)

/** The runtime config a Runcell config describes, with the zero-config assets URL filled in. */
export function runtimeConfig(config: RuncellConfig): RuntimeConfig {
  const { messages: _messages, theme: _theme, ...rest } = config
  return { ...rest, assetsBaseUrl: rest.assetsBaseUrl ?? DEFAULT_ASSETS_BASE_URL }
}

/** Props of `<RuncellProvider>`. */
export interface RuncellProviderProps {
  /** Runtime settings, messages and theme for every runner inside. */
  config?: RuncellConfig
  /** An existing runtime to share instead of creating one (the provider then leaves disposing it to you). */
  runtime?: Runtime
  children?: ReactNode
}

const disposals = new WeakMap<RuntimeHolder, ReturnType<typeof setTimeout>>()

/**
 * Gives every `<CodeRunner>` and `useCodeRunner` inside one runtime: one runner iframe and one interpreter per
 * language for the page. The runtime is created when the first runner inside needs it, and is safe to render on
 * the server.
 * @example
 * <RuncellProvider config={{ assetsBaseUrl: '/runcell/', timeoutMs: 10_000, theme: 'dark' }}>
 *   <CodeRunner language="python" code="print('hi')" />
 * </RuncellProvider>
 */
export function RuncellProvider({ config = {}, runtime: given, children }: RuncellProviderProps) {
  const [holder] = useState<RuntimeHolder>(() => ({
    config: runtimeConfig(config),
    runtime: given ?? null,
    owned: !given,
  }))
  useEffect(() => {
    if (!holder.owned) return
    // StrictMode unmounts and mounts again at once; dispose only if the provider stays gone.
    clearTimeout(disposals.get(holder))
    return () => {
      disposals.set(
        holder,
        setTimeout(() => holder.runtime?.dispose(), 0),
      )
    }
  }, [holder])
  const messagesKey = config.messages
  const theme = config.theme ?? 'auto'
  const value = useMemo<ProvidedRuncell>(
    () => ({ holder, messages: mergeMessages(messagesKey), theme }),
    [holder, messagesKey, theme],
  )
  return <RuncellContext.Provider value={value}>{children}</RuncellContext.Provider>
}

/**
 * The messages and theme a runner shows, from the nearest provider or `config`, without touching the runtime:
 * what a runner needs before its editor and runtime have loaded.
 */
export function useRuncellLook(config?: RuncellConfig): { messages: CodeRunnerMessages; theme: RunnerTheme } {
  const provided = useContext(RuncellContext)
  const overrides = config?.messages
  const theme = provided?.theme ?? config?.theme ?? 'auto'
  const messages = useMemo(() => provided?.messages ?? mergeMessages(overrides), [provided, overrides])
  return { messages, theme }
}
