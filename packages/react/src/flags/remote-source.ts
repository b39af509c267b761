import { QueryClient, QueryClientContext, useQuery } from '@tanstack/react-query'
import { useContext, useEffect, useId, useRef, useState } from 'react'
import {
  DEFAULT_FLAG_REFRESH_INTERVAL,
  loadFlagSource,
  type FlagDefinition,
  type FlagSource,
} from '@runcell/core/flags'

export type { FlagSource }

/** Default time a fetched configuration stays fresh: five minutes. */
export const DEFAULT_FLAG_CACHE_TTL = DEFAULT_FLAG_REFRESH_INTERVAL

/** What the source query knows: the last good definitions, the last error, and when each arrived. */
export interface RemoteFlags {
  data: FlagDefinition[] | undefined
  error: unknown
  dataUpdatedAt: number
  errorUpdatedAt: number
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
): RemoteFlags {
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
        return loadFlagSource(latest.current.source!, signal)
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

  const { data, error, dataUpdatedAt, errorUpdatedAt } = query
  return { data, error, dataUpdatedAt, errorUpdatedAt }
}
