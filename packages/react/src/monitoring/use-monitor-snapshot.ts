import { useSyncExternalStore } from 'react'
import type { MetricsSummary, Monitor } from '@runcell/core/monitor'

/** Anything that serves live summaries: a monitor from `createMonitor`, or a test double. */
export type MonitorSource = Pick<Monitor, 'subscribe' | 'getSnapshot'>

/**
 * The live summary of an in-page monitor. Re-renders when the monitor notifies (batched, and once a second
 * while subscribed so windows slide), and never otherwise.
 */
export function useMonitorSnapshot(source: MonitorSource): MetricsSummary {
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot)
}
