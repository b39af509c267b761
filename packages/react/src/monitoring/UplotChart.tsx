import { useEffect, useRef, useState } from 'react'
import type uPlot from 'uplot'
import type { ChartData } from './chart-data.js'

/** Props of {@link UplotChart}. */
export interface UplotChartProps {
  data: ChartData
  /** Accessible name of the drawing; the figure's table toggle is the text alternative. */
  label: string
  height?: number
  /** Called when uPlot cannot load or draw (no canvas), so the caller can show the table instead. */
  onUnavailable?: () => void
}

// One shared load: uPlot is fetched on first use, and every chart on the page waits for the same module.
let uplotModule: Promise<typeof uPlot> | undefined
const loadUplot = () => (uplotModule ??= import('uplot').then((module) => module.default))

const FALLBACK_COLORS = ['#2563eb', '#d97706', '#dc2626']

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback
}

/**
 * Draws a chart with uPlot, which is loaded on demand and sized to its container. This is the only part of the
 * dashboard that needs a canvas; everything it draws is shaped by `toChartData`.
 */
export function UplotChart({ data, label, height = 160, onUnavailable }: UplotChartProps) {
  const container = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const latest = useRef(data)
  const [ready, setReady] = useState(false)
  const labelsKey = data.labels.join('\u0000')

  useEffect(() => {
    latest.current = data
    plot.current?.setData(data.aligned)
  }, [data])

  useEffect(() => {
    const element = container.current
    if (!element) return
    let cancelled = false
    let observer: ResizeObserver | undefined
    loadUplot()
      .then((UPlot) => {
        if (cancelled) return
        const style = getComputedStyle(element)
        const axis = cssVar(style, '--rc-monitor-axis', '#555')
        const grid = cssVar(style, '--rc-monitor-grid', '#ddd')
        const labels = latest.current.labels
        const options: uPlot.Options = {
          width: Math.max(240, element.clientWidth),
          height,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: true } },
          axes: [
            { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
            { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 48 },
          ],
          series: [
            {},
            ...labels.map((seriesLabel, i) => ({
              label: seriesLabel,
              stroke: cssVar(style, `--rc-monitor-series-${i + 1}`, FALLBACK_COLORS[i] ?? axis),
              width: 2,
              points: { show: false },
            })),
          ],
        }
        plot.current = new UPlot(options, latest.current.aligned, element)
        setReady(true)
        if (typeof ResizeObserver !== 'undefined') {
          observer = new ResizeObserver(() =>
            plot.current?.setSize({ width: Math.max(240, element.clientWidth), height }),
          )
          observer.observe(element)
        }
      })
      .catch(() => {
        if (!cancelled) onUnavailable?.()
      })
    return () => {
      cancelled = true
      observer?.disconnect()
      plot.current?.destroy()
      plot.current = null
    }
    // Rebuilt only when the series change; new data goes through setData above.
  }, [labelsKey, height, onUnavailable])

  return (
    <div
      ref={container}
      className="rc-monitor__plot"
      role="img"
      aria-label={label}
      aria-busy={!ready}
      style={{ minHeight: height }}
    />
  )
}
