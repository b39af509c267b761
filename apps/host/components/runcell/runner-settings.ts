import type { FlagDefinition } from '@runcell/core/flags'
import { pageAssetsBaseUrl } from '../../server/config/runner'
import { getContext, hostProcess } from '../../server/context'

/** The runner settings a page hands to its client shell: plain numbers and booleans, read at request time. */
export interface RunnerSettings {
  /** Where the runner assets are: the runner origin (`RUNNER_DOMAIN`) or `/runcell/` on this site. */
  assetsBaseUrl: string
  timeoutMs: number
  memoryLimitMb: number
  maxConcurrent: number
  flagsCacheTtlMs: number
  monitoring: boolean
  /** How long a partial telemetry batch waits before it is sent (a pagehide sends it at once). */
  telemetryFlushMs: number
}

/**
 * The runner settings from the configuration the server parsed at start-up (`RUNNER_DOMAIN`,
 * `NEXT_PUBLIC_CODE_EXECUTION_TIMEOUT`, `NEXT_PUBLIC_MAX_MEMORY_USAGE`, `NEXT_PUBLIC_MAX_CONCURRENT_EXECUTIONS`,
 * `NEXT_PUBLIC_FEATURE_FLAGS_CACHE_TTL`, `NEXT_PUBLIC_MONITORING_ENABLED`). Read per request rather than inlined at build time, so one build serves
 * every deployment.
 */
export function runnerSettings(): RunnerSettings {
  const { config } = hostProcess()
  return {
    assetsBaseUrl: pageAssetsBaseUrl(config),
    timeoutMs: config.NEXT_PUBLIC_CODE_EXECUTION_TIMEOUT,
    memoryLimitMb: config.NEXT_PUBLIC_MAX_MEMORY_USAGE,
    maxConcurrent: config.NEXT_PUBLIC_MAX_CONCURRENT_EXECUTIONS,
    flagsCacheTtlMs: config.NEXT_PUBLIC_FEATURE_FLAGS_CACHE_TTL,
    monitoring: config.NEXT_PUBLIC_MONITORING_ENABLED,
    telemetryFlushMs: 5_000,
  }
}

/**
 * The flags document the clients would fetch now, so the server render already obeys the switches and the
 * page hydrates without a flash of a Run button that is about to disappear.
 */
export async function currentFlags(): Promise<FlagDefinition[]> {
  const doc = await (await getContext()).flags.get()
  return (JSON.parse(doc.body) as { flags: FlagDefinition[] }).flags
}
