import { createRuntime, type Runtime } from '@runcell/core'

// This module sits in the assets folder beside runner.html, so its own URL says where the assets are.
const OWN_BASE = new URL('./', import.meta.url).href

/**
 * The assets base URL for `element`: its `assets-base-url` attribute, else a `data-assets-base-url` on the page's
 * script tag, else the folder this script was loaded from. Relative values resolve against the page.
 */
export function assetsBaseUrlFor(element: Element): string {
  const own = element.getAttribute('assets-base-url')
  const fromScript = document
    .querySelector('script[data-assets-base-url]')
    ?.getAttribute('data-assets-base-url')
  const chosen = own || fromScript
  return chosen ? new URL(chosen, document.baseURI).href : OWN_BASE
}

const runtimes = new Map<string, Runtime>()

/** One runtime per assets base URL, so every runner of a page shares one sandbox frame and its sessions. */
export function runtimeFor(assetsBaseUrl: string): Runtime {
  let runtime = runtimes.get(assetsBaseUrl)
  if (!runtime) {
    runtime = createRuntime({ assetsBaseUrl })
    runtimes.set(assetsBaseUrl, runtime)
  }
  return runtime
}
