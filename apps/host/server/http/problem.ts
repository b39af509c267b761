/**
 * An RFC 9457 problem response. `detail` is written for the caller and never holds internals: no stack, no SQL,
 * no driver message.
 */
export function problem(
  status: number,
  title: string,
  detail?: string,
  extra: { headers?: Record<string, string>; errors?: string[] } = {},
): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title,
      status,
      ...(detail ? { detail } : {}),
      ...pick(extra.errors),
    }),
    {
      status,
      headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...extra.headers },
    },
  )
}

const pick = (errors?: string[]) => (errors && errors.length ? { errors: errors.slice(0, 20) } : {})

/** A JSON response that is never cached by a shared cache unless the caller says so. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers)
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store')
  headers.set('content-type', headers.get('content-type') ?? 'application/json')
  return new Response(JSON.stringify(body), { ...init, headers })
}
