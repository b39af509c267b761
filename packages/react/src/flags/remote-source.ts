import { QueryClient, QueryClientContext, useQuery } from '@tanstack/react-query'
import { useContext, useEffect, useId, useRef, useState } from 'react'
import { RuncellError } from '@runcell/core'
import { validateFlagSource, type FlagDefinition } from '@runcell/core/flags'

/** Where remote flags come from: a URL answering JSON, or a function resolving to the same shape. */
export type FlagSource = string | ((options: { signal: AbortSignal }) => Promise<unknown>)

/** Default time a fetched configuration stays fresh, from the seed's 300000 ms cache TTL. */
export const DEFAULT_FLAG_CACHE_TTL = 300_000

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } })
  if (!response.ok) {
    throw new RuncellError('INVALID_FLAG_SOURCE', `The flag source ${url} answered HTTP ${response.status}.`)
  }
  try {
    return await response.json()
  } catch {
    throw new RuncellError('INVALID_FLAG_SOURCE', `The flag source ${url} did not answer valid JSON.`)
  }
}

/**
 * Fetches and validates a flag source through TanStack Query: fresh for `cacheTtl`, polled every `cacheTtl`,
 * refetched when the tab becomes visible or the network returns. A failed or malformed refetch leaves the last
 * good definitions in place (Query keeps `data` on error) and reaches `onError`.
 */
export function useRemoteFlags(
  source: FlagSource | undefined,
  cacheTtl: number,
  queryClient: QueryClient | undefined,
  onError: ((error: unknown) => void) | undefined,
): FlagDefinition[] | undefined {
  const ambient = useContext(QueryClientContext)
  const [own] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }))
  const client = queryClient ?? ambient ?? own
  const latest = useRef({ source, onError })
  useEffect(() => {
    latest.current = { source, onError }
  })
  // A function source has no stable identity to key the cache by, so each provider gets its own entry.
  const functionKey = useId()

  // Focus and reconnect refetches need a mounted client; mounting is reference-counted, so a host's client
  // that is already mounted by its own QueryClientProvider is unaffected.
  const active = source !== undefined
  useEffect(() => {
    if (!active) return
    client.mount()
    return () => client.unmount()
  }, [client, active])

  const query = useQuery(
    {
      queryKey: ['runcell', 'flags', typeof source === 'string' ? source : functionKey],
      queryFn: async ({ signal }) => {
        const current = latest.current.source
        const raw =
          typeof current === 'string' ? await fetchJson(current, signal) : await current!({ signal })
        return validateFlagSource(raw)
      },
      enabled: active,
      staleTime: cacheTtl,
      refetchInterval: cacheTtl,
      refetchOnWindowFocus: true,
      refetchOnReconnect: true,
    },
    client,
  )

  useEffect(() => {
    if (query.error) latest.current.onError?.(query.error)
  }, [query.error, query.errorUpdatedAt])

  return query.data
}
