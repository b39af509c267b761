// Small checks for untrusted values. Each returns the value narrowed, or null, so a parser can build a fresh
// object from checked fields only.

/** Largest id (run id) accepted on the wire. */
export const MAX_ID_CHARS = 100
/** Largest stdout or stderr text accepted on the wire. */
export const MAX_TEXT_CHARS = 2_000_000
/** Most SQL rows accepted on the wire. */
export const MAX_ROWS_ON_WIRE = 100_000

/** A plain object from an untrusted sender. */
export type Dict = Record<string, unknown>

/** True for a non-null, non-array object. */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value if it is a string of at most `max` characters. */
export function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length <= max ? value : null
}

/** Like `text`, but `undefined` passes as undefined. */
export function optionalText(value: unknown, max: number): string | undefined | null {
  return value === undefined ? undefined : text(value, max)
}

/** The value if it is a finite number within [min, max]. */
export function finite(value: unknown, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : null
}

/** The value if it is one of `options`. */
export function oneOf<T extends string>(value: unknown, options: readonly T[]): T | null {
  return typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : null
}
