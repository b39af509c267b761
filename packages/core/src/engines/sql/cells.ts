// How SQLite values become table cells that survive the wire and the runner's validation.
import type { CellValue } from '../../protocol/types.js'
import { MAX_CELL_CHARS } from '../../protocol/limits.js'

/** An INTEGER column: exact numbers stay numbers; beyond 2^53 the exact decimal text is kept instead. */
export function integerCell(approximate: number, exactText: () => string): CellValue {
  return Number.isSafeInteger(approximate) ? approximate : exactText()
}

/** A TEXT column, cut at the cell size the runner accepts, with an ellipsis where it was cut. */
export function textCell(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text
}

/** A BLOB column: its size, never its bytes (tables carry text and numbers only). */
export function blobCell(byteLength: number): CellValue {
  return `<blob ${byteLength} byte${byteLength === 1 ? '' : 's'}>`
}
