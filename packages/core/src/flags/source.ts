import { RuncellError } from '../errors.js'
import { validateFlagSource } from './validate.js'
import type { FlagDefinition } from './types.js'

/** Where remote flags come from: a URL answering JSON, or a function resolving to the same shape. */
export type FlagSource = string | ((options: { signal: AbortSignal }) => Promise<unknown>)

/** Default time a fetched configuration stays fresh (and how often it is polled): five minutes. */
export const DEFAULT_FLAG_REFRESH_INTERVAL = 300_000

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } })
  if (!response.ok) {
    throw new RuncellError('INVALID_FLAG_SOURCE', `The flag source ${url} answered HTTP ${response.status}.`)
  }
  try {
    return await response.json()
  } catch {
    throw new RuncellError('INVALID_FLAG_SOURCE', `The flag source ${url} did not answer valid JSON.`)
  }
}

/**
 * Loads a flag source once: fetches the URL (or calls the function) and validates the answer whole, so that a
 * bad publish throws `INVALID_FLAG_SOURCE` instead of replacing good definitions.
 */
export async function loadFlagSource(source: FlagSource, signal: AbortSignal): Promise<FlagDefinition[]> {
  const raw = typeof source === 'string' ? await fetchJson(source, signal) : await source({ signal })
  return validateFlagSource(raw)
}
