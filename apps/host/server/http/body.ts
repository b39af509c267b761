import type { z } from 'zod'
import { problem } from './problem'

/** The parsed body, or the 4xx response to send instead. */
export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response }

// sendBeacon posts a Blob typed application/json, but some browsers and proxies send text/plain; both are JSON.
const JSON_TYPES = ['application/json', 'text/plain']

/**
 * Reads a JSON body of at most `maxBytes` and validates it with `schema`. An oversized body gets 413 before it is
 * read in full (Content-Length) or as soon as the stream passes the cap; malformed JSON and schema failures get
 * 400 with the failing paths; a wrong content type gets 415.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number,
): Promise<BodyResult<z.output<S>>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!JSON_TYPES.includes(type)) {
    return fail(problem(415, 'Unsupported Media Type', 'Send the body as application/json.'))
  }
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > maxBytes) return fail(tooLarge(maxBytes))
  const text = await readCapped(request, maxBytes)
  if (text === null) return fail(tooLarge(maxBytes))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return fail(problem(400, 'Bad Request', 'The body is not valid JSON.'))
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    return fail(problem(400, 'Bad Request', 'The body does not match the expected shape.', { errors }))
  }
  return { ok: true, data: parsed.data }
}

/**
 * A 413 when the declared Content-Length is over `maxBytes`, checked before anything else (such as a rate limit)
 * so that an oversized body is refused without being read.
 */
export function declaredTooLarge(request: Request, maxBytes: number): Response | null {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  return Number.isFinite(declared) && declared > maxBytes ? tooLarge(maxBytes) : null
}

const fail = (response: Response) => ({ ok: false as const, response })

// No `connection: close`: closing while the client is still uploading resets the socket, and the client sees a
// network error instead of the 413. Node discards the rest of the body without buffering it, and nginx caps
// bodies before they reach the app in production.
const tooLarge = (maxBytes: number) =>
  problem(413, 'Content Too Large', `The body must be at most ${maxBytes} bytes.`)

async function readCapped(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks))
}
