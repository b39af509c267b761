import { type RunnerLoading } from '@runcell/react/dom'

/** Reads the `loading` attribute; anything else is the default, `visible`. */
export function parseLoading(value: string | null): RunnerLoading {
  return value === 'eager' || value === 'click' ? value : 'visible'
}
