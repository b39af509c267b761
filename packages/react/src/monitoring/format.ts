import type { HealthMetric } from '@runcell/core/monitor'

/** Formats numbers and times for the dashboard in one locale. */
export interface Formatter {
  ms(value: number | null): string
  percent(value: number | null): string
  rate(value: number | null): string
  count(value: number | null): string
  time(epochMs: number): string
  metric(metric: HealthMetric, value: number): string
}

/** Creates a formatter; `none` is what a missing value shows. */
export function createFormatter(locale: string | undefined, none: string): Formatter {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  const or = (value: number | null, fn: (v: number) => string) =>
    value === null || !Number.isFinite(value) ? none : fn(value)
  const ms = (value: number | null) =>
    or(value, (v) =>
      v >= 1_000 ? `${decimal.format(v / 1_000)} s` : `${(v < 10 ? decimal : integer).format(v)} ms`,
    )
  return {
    ms,
    percent: (value) => or(value, (v) => percent.format(v)),
    rate: (value) => or(value, (v) => (v < 10 ? decimal : integer).format(v)),
    count: (value) => or(value, (v) => integer.format(v)),
    time: (epochMs) => time.format(epochMs),
    metric: (metric, value) =>
      metric === 'errorRate' ? percent.format(value) : metric === 'p95' ? ms(value) : integer.format(value),
  }
}
