import { describe, expect, it } from 'vitest'
import { MAX_CELL_CHARS } from '../../protocol/limits.js'
import { blobCell, integerCell, textCell } from './cells.js'

describe('cells', () => {
  it('keeps safe integers as numbers and turns larger ones into their exact text', () => {
    expect(integerCell(42, () => 'unused')).toBe(42)
    expect(integerCell(2 ** 63, () => '9223372036854775807')).toBe('9223372036854775807')
  })

  it('describes a blob by its size', () => {
    expect(blobCell(12)).toBe('<blob 12 bytes>')
    expect(blobCell(1)).toBe('<blob 1 byte>')
  })

  it('cuts long text to the cell limit with an ellipsis', () => {
    const cell = textCell('x'.repeat(MAX_CELL_CHARS + 5))
    expect(typeof cell === 'string' && cell.length).toBe(MAX_CELL_CHARS)
    expect(String(cell).endsWith('…')).toBe(true)
    expect(textCell('short')).toBe('short')
  })
})
