const ID_PARAM = 'runcell'
const CODE_PARAM = 'code'
/** Shared code longer than this is refused, so a crafted link cannot stuff a huge document into the editor. */
export const MAX_SHARED_CHARS = 50_000

function toBase64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** The URL fragment that opens the runner `id` with `code`: `#runcell=<id>&code=<base64url of UTF-8>`. */
export function shareFragment(id: string, code: string): string {
  const params = new URLSearchParams({ [ID_PARAM]: id })
  return `#${params.toString()}&${CODE_PARAM}=${toBase64Url(code)}`
}

/** `href` with its fragment replaced by the share fragment of `id` and `code`. */
export function shareUrl(href: string, id: string, code: string): string {
  const hashAt = href.indexOf('#')
  return `${hashAt === -1 ? href : href.slice(0, hashAt)}${shareFragment(id, code)}`
}

/** Reads a share fragment. Returns null when there is none, or it is malformed or too long. */
export function parseShareFragment(hash: string): { id: string; code: string } | null {
  if (!hash.startsWith('#')) return null
  const params = new URLSearchParams(hash.slice(1))
  const id = params.get(ID_PARAM)
  const encoded = params.get(CODE_PARAM)
  if (!id || encoded === null || encoded.length > Math.ceil((MAX_SHARED_CHARS * 4 * 4) / 3)) return null
  const code = fromBase64Url(encoded)
  if (code === null || code.length > MAX_SHARED_CHARS) return null
  return { id, code }
}
