/**
 * fetch that closes its connection after the response. The host tests block their event loop with spawnSync
 * (the CLI, promtool, apt); meanwhile the server closes the idle kept-alive socket, undici's idle timer cannot
 * fire, and the next request on that socket fails with "other side closed". A fresh connection per request
 * costs well under a millisecond on 127.0.0.1.
 */
export function hostFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('connection', 'close')
  return fetch(url, { ...init, headers })
}
