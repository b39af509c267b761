import { getContext } from '../../../server/context'
import { route } from '../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag)
}

/**
 * The flag definitions for clients (`{flags: [...]}`, what FeatureFlagProvider's `source` reads), including the
 * execution switches. A strong ETag and a 304 on a match; max-age is the flag cache TTL, so a client's refetch
 * (every TTL) and the HTTP copy expire together and a switch reaches every runner within one TTL.
 */
export const GET = route('/api/flags', async (request) => {
  const ctx = await getContext()
  const doc = await ctx.flags.get()
  const headers = {
    etag: doc.etag,
    'cache-control': `public, max-age=${Math.floor(ctx.config.NEXT_PUBLIC_FEATURE_FLAGS_CACHE_TTL / 1000)}`,
    vary: 'Accept-Encoding',
  }
  if (matches(request.headers.get('if-none-match'), doc.etag))
    return new Response(null, { status: 304, headers })
  return new Response(doc.body, { headers: { ...headers, 'content-type': 'application/json' } })
})
