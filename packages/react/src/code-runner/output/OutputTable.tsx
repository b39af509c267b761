import { memo, useState } from 'react'
import type { TableEvent } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'

// Rendering cost is per cell: 1,000 cells, headers included, make one commit well under the 200 ms long-task
// target even on a loaded machine. Longer tables show a page at a time, and the reader asks for more.
/** How many cells, headers included, the first page of a result table renders; each further page adds as many. */
export const TABLE_PAGE_CELLS = 1_000

// A cell may hold 10,000 characters; laying out thousands of those is what stalls a page, not the count.
/** How many characters of one cell or header are drawn; the rest is cut with an ellipsis. */
export const MAX_CELL_CHARS = 500

function clip(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text
}

/**
 * One SQL result set as a real table, with a caption, its row count and a notice when rows were cut. Long
 * results render a page of rows at a time behind a "show more" button, so no result can stall the page.
 */
export const OutputTable = memo(function OutputTable({
  table,
  index,
  messages,
}: {
  table: TableEvent
  index: number
  messages: CodeRunnerMessages
}) {
  const rows = table.rows.length
  const pageRows = Math.max(1, Math.floor(TABLE_PAGE_CELLS / Math.max(1, table.columns.length)) - 1)
  const [shown, setShown] = useState(pageRows)
  const visible = Math.min(rows, shown)
  return (
    <div className="rc-table-wrap" tabIndex={0} role="group" aria-label={messages.tableCaption(index, rows)}>
      <table className="rc-table">
        <caption>
          {messages.tableCaption(index, rows)}
          {table.truncated && <span className="rc-table-truncated"> {messages.truncatedRows(rows)}</span>}
        </caption>
        <thead>
          <tr>
            {table.columns.map((column, i) => (
              <th scope="col" key={i}>
                {clip(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.slice(0, visible).map((row, r) => (
            <tr key={r}>
              {row.slice(0, table.columns.length).map((cell, c) => (
                <td
                  key={c}
                  data-null={cell === null ? '' : undefined}
                  data-numeric={typeof cell === 'number' ? '' : undefined}
                >
                  {cell === null ? messages.nullCell : clip(String(cell))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {visible < rows && (
        <button type="button" className="rc-button rc-more" onClick={() => setShown(visible + pageRows)}>
          {messages.moreRows(visible, rows)}
        </button>
      )}
    </div>
  )
})
