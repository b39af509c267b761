/**
 * The Content-Security-Policy header to send with `runner.html` from an assets origin. It repeats the iframe's
 * sandbox, so the runner stays opaque even when its URL is opened directly, and limits scripts, workers and
 * every fetch to the assets origin: that is what keeps user code off the network. Wasm may compile; eval may not.
 * @example
 * response.headers.set('Content-Security-Policy', runnerCsp('https://run.example-cdn.com'))
 */
export function runnerCsp(assetsOrigin: string): string {
  return [
    'sandbox allow-scripts',
    "default-src 'none'",
    `script-src ${assetsOrigin} blob: data: 'wasm-unsafe-eval'`,
    `worker-src ${assetsOrigin} blob: data:`,
    `connect-src ${assetsOrigin}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}
