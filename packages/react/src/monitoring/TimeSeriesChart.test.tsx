// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { toChartData } from './chart-data.js'
import { createFormatter } from './format.js'
import { DEFAULT_MONITORING_MESSAGES as messages } from './messages.js'
import { TimeSeriesChart } from './TimeSeriesChart.js'

afterEach(cleanup)

describe('<TimeSeriesChart> without a canvas', () => {
  it('falls back to the data table when uPlot cannot load, and hides the now useless toggle', async () => {
    // jsdom has no matchMedia and no canvas, so the real uPlot module fails to load here.
    const series = {
      slotMs: 60_000,
      points: [
        { t: Date.UTC(2026, 0, 1, 12), count: 3, errors: 1, ratePerMinute: 3, p50Ms: 5, p95Ms: 9, p99Ms: 9 },
      ],
    }
    const format = createFormatter('en-GB', messages.none)
    render(
      <TimeSeriesChart
        title="Errors"
        rangeLabel="last hour"
        data={toChartData(series, 'errors', messages)}
        formatValue={format.count}
        format={format}
        messages={messages}
      />,
    )
    const table = await screen.findByRole('table', { name: 'Errors, last hour' })
    expect(table).toHaveTextContent('1')
    expect(screen.queryByRole('button', { name: 'Show as table' })).not.toBeInTheDocument()
  })
})
