import type { TableEvent } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'

/** One SQL result set as a real table, with a caption, its row count and a notice when rows were cut. */
export function OutputTable({
  table,
  index,
  messages,
}: {
  table: TableEvent
  index: number
  messages: CodeRunnerMessages
}) {
  const rows = table.rows.length
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
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td
                  key={c}
                  data-null={cell === null ? '' : undefined}
                  data-numeric={typeof cell === 'number' ? '' : undefined}
                >
                  {cell === null ? messages.nullCell : String(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
