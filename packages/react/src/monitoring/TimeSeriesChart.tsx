import { useCallback, useId, useState } from 'react'
import type { ChartData } from './chart-data.js'
import type { Formatter } from './format.js'
import type { MonitoringMessages } from './messages.js'
import { UplotChart } from './UplotChart.js'

/** Props of {@link TimeSeriesChart}. */
export interface TimeSeriesChartProps {
  title: string
  /** Describes the time span, for the table caption ("last 5 minutes"). */
  rangeLabel: string
  data: ChartData
  formatValue: (value: number | null) => string
  format: Formatter
  messages: MonitoringMessages
}

/**
 * One chart with its text alternative: a button switches between the uPlot drawing and a table of the same
 * values. Without a canvas (or if uPlot fails to load) the table is shown.
 */
export function TimeSeriesChart({
  title,
  rangeLabel,
  data,
  formatValue,
  format,
  messages,
}: TimeSeriesChartProps) {
  const id = useId()
  const [asTable, setAsTable] = useState(false)
  const [unavailable, setUnavailable] = useState(false)
  const onUnavailable = useCallback(() => setUnavailable(true), [])
  const showTable = asTable || unavailable
  const [x, ...ys] = data.aligned

  return (
    <figure className="rc-monitor__chart" aria-labelledby={`${id}-title`}>
      <div className="rc-monitor__chart-head">
        <h3 id={`${id}-title`} className="rc-monitor__subheading">
          {title}
        </h3>
        {!unavailable && (
          <button
            type="button"
            className="rc-monitor__button"
            aria-controls={`${id}-body`}
            onClick={() => setAsTable((value) => !value)}
          >
            {asTable ? messages.charts.showChart : messages.charts.showTable}
          </button>
        )}
      </div>
      <div id={`${id}-body`}>
        {showTable ? (
          <div className="rc-monitor__scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
            <table className="rc-monitor__table">
              <caption id={`${id}-caption`}>
                {title}, {rangeLabel}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{messages.charts.time}</th>
                  {data.labels.map((label) => (
                    <th scope="col" key={label}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {x.map((seconds, row) => (
                  <tr key={seconds}>
                    <th scope="row">{format.time(seconds * 1_000)}</th>
                    {ys.map((column, i) => (
                      <td key={data.labels[i]}>{formatValue(column[row] ?? null)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <>
            <UplotChart data={data} label={`${title}, ${rangeLabel}`} onUnavailable={onUnavailable} />
            {data.labels.length > 1 && (
              <ul className="rc-monitor__legend">
                {data.labels.map((label, i) => (
                  <li key={label}>
                    <span className={`rc-monitor__swatch rc-monitor__swatch--${i + 1}`} aria-hidden="true" />
                    {label}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </figure>
  )
}
