'use client'

import type { FlagDefinition } from '@runcell/core/flags'
import {
  createMonitor,
  createTelemetryExporter,
  type Monitor,
  type TelemetryExporter,
} from '@runcell/core/monitor'
import { RuncellProvider, type RuncellConfig } from '@runcell/react'
import { FeatureFlagProvider } from '@runcell/react/flags'
import { useState, type ReactNode } from 'react'
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

type Telemetry = { monitor: Monitor; exporter: TelemetryExporter }
let telemetry: Telemetry | null = null

// One monitor and exporter per browser tab, shared by every page's runtime: client-side navigation keeps one
// batch timer and one pagehide listener, and nothing buffered is lost when a page's runners unmount.
function pageTelemetry(flushIntervalMs: number): Telemetry | null {
  if (typeof window === 'undefined') return null
  if (!telemetry) {
    const exporter = createTelemetryExporter({ url: '/api/executions', flushIntervalMs })
    telemetry = { exporter, monitor: createMonitor({ onRecord: exporter.add }) }
  }
  return telemetry
}

/**
 * Everything the runners of a page share: one runtime with the server's limits, the feature flags from
 * `/api/flags` (so emergency and execution-off take Run away within one refresh), and a monitor that sends
 * each run's record to `/api/executions` when monitoring is on.
 * @example
 * <RuncellShell settings={runnerSettings()} initialFlags={await currentFlags()}>
 *   <CodeRunner language="python" code="print('hi')" />
 * </RuncellShell>
 */
export function RuncellShell({ settings, initialFlags, children }: RuncellShellProps) {
  const [config] = useState<RuncellConfig>(() => {
    const shared = settings.monitoring ? pageTelemetry(settings.telemetryFlushMs) : null
    return {
      assetsBaseUrl: settings.assetsBaseUrl,
      // This app's pages have a strict CSP, which a runner page written into a srcdoc frame would inherit; its
      // runner.html route sends runnerCsp() instead.
      runnerUrl: `${settings.assetsBaseUrl}runner.html`,
      timeoutMs: settings.timeoutMs,
      memoryLimitMb: settings.memoryLimitMb,
      maxConcurrent: settings.maxConcurrent,
      ...(shared ? { observer: shared.monitor } : {}),
    }
  })
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
