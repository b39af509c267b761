// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, expect, test } from 'vitest'
import type { TableEvent } from '@runcell/core'
import { DEFAULT_MESSAGES } from '../messages.js'
import { MAX_CELL_CHARS, OutputTable, TABLE_PAGE_CELLS } from './OutputTable.js'

afterEach(cleanup)

function wideTable(rows: number, columns: number): TableEvent {
  const names = Array.from({ length: columns }, (_, i) => `c${i}`)
  const row = names.map(() => null)
  return { type: 'table', columns: names, rows: Array.from({ length: rows }, () => row), truncated: false }
}

test('a table of half a million cells renders one page of cells, and the reader asks for more', () => {
  render(<OutputTable table={wideTable(1000, 500)} index={1} messages={DEFAULT_MESSAGES} />)
  const pageRows = TABLE_PAGE_CELLS / 500 - 1
  expect(screen.getAllByRole('row')).toHaveLength(pageRows + 1)
  expect(screen.getByRole('table', { name: 'Result 1 (1000 rows)' })).toBeTruthy()
  fireEvent.click(screen.getByRole('button', { name: `Show more rows (${pageRows} of 1000 shown)` }))
  expect(screen.getAllByRole('row')).toHaveLength(2 * pageRows + 1)
}, 30_000)

test('a short table renders whole, with no button', () => {
  render(<OutputTable table={wideTable(3, 2)} index={1} messages={DEFAULT_MESSAGES} />)
  expect(screen.getAllByRole('row')).toHaveLength(4)
  expect(screen.queryByRole('button')).toBeNull()
})

test('a 10,000-character header or cell is drawn cut short', () => {
  const long = 'h'.repeat(10_000)
  const table: TableEvent = { type: 'table', columns: [long], rows: [[long]], truncated: false }
  render(<OutputTable table={table} index={1} messages={DEFAULT_MESSAGES} />)
  expect(screen.getByRole('columnheader').textContent).toHaveLength(MAX_CELL_CHARS + 1)
  expect(screen.getByRole('cell').textContent).toHaveLength(MAX_CELL_CHARS + 1)
})
