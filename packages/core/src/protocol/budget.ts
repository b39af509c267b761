// What a run's output costs of its one budget, `outputLimitChars`. Text costs its characters. A table cell or a
// column header costs its text plus CELL_COST, because the host handles each as its own value: half a million
// NULL cells took the host page 500 ms to receive, with no text at all. A display or table output costs
// OUTPUT_COST on top, because each becomes its own element on the host. Engines charge the same costs, so
// that what they send fits; the runner charges them again and cuts what doesn't, whatever a worker claims.
import type { CellValue, TableEvent } from './types.js'

/** What a table cell or column header costs beyond its text, in characters of budget. */
export const CELL_COST = 32
/** What each display or table output costs beyond its content, in characters of budget. */
export const OUTPUT_COST = 1_000

/** What one cell costs: a NULL or a number as much as an empty string, a text its length more. */
export function cellCost(cell: CellValue): number {
  return typeof cell === 'string' ? CELL_COST + cell.length : CELL_COST
}

/** What a table's output and column headers cost, before any row. */
export function headerCost(columns: readonly string[]): number {
  let cost = OUTPUT_COST
  for (const column of columns) cost += CELL_COST + column.length
  return cost
}

/**
 * The table cut to at most `maxRows` rows and to `room` characters of budget, with what it costs. Rows that
 * don't fit are dropped and the table is marked truncated; null when not even its headers fit.
 */
export function fitTable(
  table: TableEvent,
  maxRows: number,
  room: number,
): { table: TableEvent; cost: number } | null {
  let cost = headerCost(table.columns)
  if (cost > room) return null
  const limit = Math.min(table.rows.length, maxRows)
  let kept = 0
  for (; kept < limit; kept++) {
    let rowCost = 0
    for (const cell of table.rows[kept] ?? []) rowCost += cellCost(cell)
    if (cost + rowCost > room) break
    cost += rowCost
  }
  if (kept === table.rows.length) return { table, cost }
  return { table: { ...table, rows: table.rows.slice(0, kept), truncated: true }, cost }
}
