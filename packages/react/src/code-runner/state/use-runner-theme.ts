import { useSyncExternalStore } from 'react'
import { pageTheme, watchPageTheme } from './page-theme.js'
import type { RunnerTheme } from './runcell-context.js'

const serverTheme = () => 'auto' as const

/**
 * The theme a runner draws with: an explicit `light`/`dark` as given; `auto` follows the page's own switch, live.
 * The server and the hydrating render say `auto`, so the HTML matches; the page's switch applies right after.
 */
export function useRunnerTheme(theme: RunnerTheme): RunnerTheme {
  const followed = useSyncExternalStore(watchPageTheme, () => pageTheme(), serverTheme)
  return theme === 'auto' ? followed : theme
}
