/** The theme a page's own switch sets, or `auto` when it sets none (then `prefers-color-scheme` decides in CSS). */
export type PageTheme = 'light' | 'dark' | 'auto'

/**
 * What `theme="auto"` means on this page: the site's own switch where it sets one (`data-theme` or a `dark` /
 * `light` class on `<html>`, as Docusaurus and Tailwind sites do), else `auto`. A light site on a dark OS must
 * not get light-grey-on-light output. No React here: `<runcell-runner>` reads the same rule.
 */
export function pageTheme(root: Element | undefined = globalThis.document?.documentElement): PageTheme {
  if (!root) return 'auto'
  const named = root.getAttribute('data-theme')
  if (named === 'dark' || root.classList.contains('dark')) return 'dark'
  if (named === 'light' || root.classList.contains('light')) return 'light'
  return 'auto'
}

const listeners = new Set<() => void>()
let observer: MutationObserver | null = null

/**
 * Calls `changed` whenever the page's theme switch may have moved. One MutationObserver on `<html>` serves every
 * runner of the page; it stops when the last one unsubscribes.
 */
export function watchPageTheme(changed: () => void): () => void {
  listeners.add(changed)
  if (!observer && typeof MutationObserver !== 'undefined') {
    observer = new MutationObserver(() => {
      for (const listener of [...listeners]) listener()
    })
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] })
  }
  return () => {
    listeners.delete(changed)
    if (listeners.size === 0) {
      observer?.disconnect()
      observer = null
    }
  }
}
