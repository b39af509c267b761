import type { MetricsSeries } from '@runcell/core/monitor'
import type { MonitoringMessages } from './messages.js'

/** Which chart: runs per minute, errors per slot, or p50/p95/p99 running time. */
export type ChartKind = 'rate' | 'errors' | 'latency'

/** A chart's data in the shape uPlot draws (x in seconds) and its table shows. */
export interface ChartData {
  /** Series labels, one per y column. */
  labels: string[]
  /** `[x, ...ys]`, x in Unix seconds as uPlot expects; null is a gap. */
  aligned: [number[], ...(number | null)[][]]
  /** True when every y value is null or zero: the chart has nothing to show. */
  empty: boolean
}

/** Shapes a series for one chart kind. Pure, so it is tested without a canvas. */
export function toChartData(series: MetricsSeries, kind: ChartKind, m: MonitoringMessages): ChartData {
  const x = series.points.map((p) => Math.round(p.t / 1_000))
  let labels: string[]
  let ys: (number | null)[][]
  if (kind === 'rate') {
    labels = [m.charts.rate]
    ys = [series.points.map((p) => round(p.ratePerMinute))]
  } else if (kind === 'errors') {
    labels = [m.charts.errors]
    ys = [series.points.map((p) => p.errors)]
  } else {
    labels = [m.charts.p50, m.charts.p95, m.charts.p99]
    ys = [
      series.points.map((p) => round(p.p50Ms)),
      series.points.map((p) => round(p.p95Ms)),
      series.points.map((p) => round(p.p99Ms)),
    ]
  }
  const empty = ys.every((column) => column.every((v) => v === null || v === 0))
  return { labels, aligned: [x, ...ys], empty }
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10
}
