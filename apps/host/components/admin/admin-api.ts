/** An admin API answer: the JSON body, or the problem's detail as a sentence to show. */
export type AdminAnswer<T> = { ok: true; data: T } | { ok: false; message: string }

/**
 * Calls an admin API route from the admin pages. The session cookie authenticates it (same origin only); a
 * problem response (RFC 9457) becomes its `detail`, so the editor can show what the server refused and why.
 */
export async function adminApi<T>(path: string, method = 'GET', body?: unknown): Promise<AdminAnswer<T>> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    return { ok: false, message: 'The server could not be reached; try again.' }
  }
  const data = (await response.json().catch(() => null)) as (T & { detail?: string; title?: string }) | null
  if (response.ok) return { ok: true, data: data as T }
  if (response.status === 401) return { ok: false, message: 'Your session has ended; sign in again.' }
  return { ok: false, message: data?.detail ?? data?.title ?? `The server answered ${response.status}.` }
}
