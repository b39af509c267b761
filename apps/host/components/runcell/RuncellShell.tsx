'use client'

import { createMonitor, createTelemetryExporter, type FlagDefinition } from '@runcell/core'
import { FeatureFlagProvider, RuncellProvider, type RuncellConfig } from '@runcell/react'
import { useEffect, useState, type ReactNode } from 'react'
import type { RunnerSettings } from './runner-settings'

/** Props of {@link RuncellShell}: plain data from the server, so a server component can render it. */
export interface RuncellShellProps {
  settings: RunnerSettings
  /** The flags document as the server has it now: the first render obeys the switches without waiting. */
  initialFlags: readonly FlagDefinition[]
  children?: ReactNode
}

// The flags only poll every `cacheTtl`; a TTL of 0 ("always revalidate") would turn polling off in TanStack
// Query, so it polls every second instead.
const MIN_POLL_MS = 1_000

/**
 * Everything the runners of a page share: one runtime with the server's limits, the feature flags from
 * `/api/flags` (so emergency and execution-off take Run away within one refresh), and a monitor that sends
 * each run's record to `/api/executions` when monitoring is on.
 * @example
 * <RuncellShell settings={await runnerSettings()} initialFlags={flags}>
 *   <CodeRunner language="python" code="print('hi')" />
 * </RuncellShell>
 */
export function RuncellShell({ settings, initialFlags, children }: RuncellShellProps) {
  const [telemetry] = useState(() => {
    if (!settings.monitoring || typeof window === 'undefined') return null
    const exporter = createTelemetryExporter({
      url: '/api/executions',
      flushIntervalMs: settings.telemetryFlushMs,
    })
    return { exporter, monitor: createMonitor({ onRecord: exporter.add }) }
  })
  useEffect(() => {
    if (!telemetry) return
    // StrictMode mounts twice; flush rather than dispose so a remount keeps sending.
    return () => void telemetry.exporter.flush()
  }, [telemetry])

  const [config] = useState<RuncellConfig>(() => ({
    assetsBaseUrl: '/runcell/',
    timeoutMs: settings.timeoutMs,
    memoryLimitMb: settings.memoryLimitMb,
    maxConcurrent: settings.maxConcurrent,
    ...(telemetry ? { observer: telemetry.monitor } : {}),
  }))
  return (
    <FeatureFlagProvider
      flags={initialFlags}
      source="/api/flags"
      cacheTtl={Math.max(settings.flagsCacheTtlMs, MIN_POLL_MS)}
    >
      <RuncellProvider config={config}>{children}</RuncellProvider>
    </FeatureFlagProvider>
  )
}
