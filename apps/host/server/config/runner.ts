/** Where the runner assets live under an origin, in the app and behind nginx alike. */
export const RUNNER_PATH = '/runcell/'

/**
 * The origin of `RUNNER_DOMAIN`: a host name (`run.example-cdn.com`, served over https) or, for local setups, a
 * URL with a scheme and port (`http://localhost:4100`). Null when it is neither.
 */
export function runnerOriginOf(value: string): string | null {
  const text = value.trim()
  if (text.includes('://')) {
    try {
      const url = new URL(text)
      return ['http:', 'https:'].includes(url.protocol) && url.pathname === '/' && !url.search
        ? url.origin
        : null
    } catch {
      return null
    }
  }
  return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i.test(text) ? `https://${text.toLowerCase()}` : null
}

/** The configuration the runner's URLs come from. */
export interface RunnerConfig {
  NEXT_PUBLIC_APP_URL?: string | undefined
  RUNNER_DOMAIN?: string | undefined
}

/**
 * The assets base URL the host's pages hand to the runtime: the configured runner origin (`RUNNER_DOMAIN`), or
 * `/runcell/` on the page's own origin, the zero-config default.
 */
export function pageAssetsBaseUrl(config: RunnerConfig): string {
  return config.RUNNER_DOMAIN ? `${config.RUNNER_DOMAIN}${RUNNER_PATH}` : RUNNER_PATH
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i

/**
 * The assets URLs that `runner.html`'s CSP names, from the configuration and never from the request: the site's
 * own `/runcell/` (`NEXT_PUBLIC_APP_URL`) and the runner origin's (`RUNNER_DOMAIN`). With neither configured, a
 * request to a loopback host name (development, tests) uses that host; any other gets null, and the runner page
 * is refused with a message saying what to set.
 */
export function runnerCspUrls(config: RunnerConfig, host: string | null): string[] | null {
  const urls = [config.NEXT_PUBLIC_APP_URL, config.RUNNER_DOMAIN]
    .filter((url): url is string => !!url)
    .map((url) => `${new URL(url).origin}${RUNNER_PATH}`)
  if (urls.length > 0) return urls
  return host && LOOPBACK.test(host) ? [`http://${host}${RUNNER_PATH}`] : null
}
