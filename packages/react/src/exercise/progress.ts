import type { CheckResult } from '@runcell/core'

/** A learner's progress on one exercise, as kept in this browser's localStorage. */
export interface ExerciseProgress {
  /** The learner passed the check at least once; a later failing check does not take it back. */
  passed: boolean
  /** Checks that gave a verdict on the learner's code (pass or fail); a broken check (`error`) is not counted. */
  attempts: number
  /** Hints revealed so far. */
  hintsUsed: number
  solutionShown: boolean
  /** The latest verdict, so the panel (and the success state) survive a reload. */
  lastCheck?: CheckResult
}

/** The progress of an exercise nobody has touched. */
export const NO_PROGRESS: ExerciseProgress = Object.freeze({
  passed: false,
  attempts: 0,
  hintsUsed: 0,
  solutionShown: false,
})

const PREFIX = 'runcell:exercise:'

/** The localStorage key of an exercise's progress. */
export function progressKey(id: string): string {
  return `${PREFIX}${id}`
}

/** The progress after a check's verdict. */
export function afterCheck(progress: ExerciseProgress, verdict: CheckResult): ExerciseProgress {
  const counted = verdict.status !== 'error'
  return {
    ...progress,
    passed: progress.passed || verdict.status === 'pass',
    attempts: progress.attempts + (counted ? 1 : 0),
    lastCheck: verdict.message === undefined ? { status: verdict.status } : { ...verdict },
  }
}

const count = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, 1e6) : 0

/** Reads stored progress defensively: the entry may be old, hand-edited or written by another version. */
export function parseProgress(text: string | null): ExerciseProgress {
  if (!text) return NO_PROGRESS
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return NO_PROGRESS
  }
  if (typeof value !== 'object' || value === null) return NO_PROGRESS
  const v = value as Record<string, unknown>
  const last = v.lastCheck as Record<string, unknown> | undefined
  const lastStatus = last?.status
  const lastCheck: CheckResult | undefined =
    lastStatus === 'pass' || lastStatus === 'fail' || lastStatus === 'error'
      ? typeof last?.message === 'string'
        ? { status: lastStatus, message: last.message.slice(0, 2_000) }
        : { status: lastStatus }
      : undefined
  return {
    passed: v.passed === true,
    attempts: count(v.attempts),
    hintsUsed: count(v.hintsUsed),
    solutionShown: v.solutionShown === true,
    ...(lastCheck ? { lastCheck } : {}),
  }
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    // Storage access throws in sandboxed frames and with cookies blocked; progress then lasts the page's life.
    return null
  }
}

// Parsed entries by key, so every render of a table of contents returns the same objects (useSyncExternalStore
// compares snapshots by reference), and a page without storage still remembers progress until it reloads.
const cache = new Map<string, { text: string | null; progress: ExerciseProgress }>()
const listeners = new Set<() => void>()

/** An exercise's stored progress; the same object until it changes. */
export function readProgress(id: string): ExerciseProgress {
  const key = progressKey(id)
  const store = storage()
  let text: string | null
  try {
    text = store ? store.getItem(key) : (cache.get(key)?.text ?? null)
  } catch {
    text = cache.get(key)?.text ?? null
  }
  const cached = cache.get(key)
  if (cached && cached.text === text) return cached.progress
  const progress = parseProgress(text)
  cache.set(key, { text, progress })
  return progress
}

/** Stores an exercise's progress and tells every reader on the page. A full or blocked storage is ignored. */
export function writeProgress(id: string, progress: ExerciseProgress): void {
  const key = progressKey(id)
  const text = JSON.stringify(progress)
  cache.set(key, { text, progress })
  try {
    storage()?.setItem(key, text)
  } catch {
    // Quota or blocked storage: the cache above keeps the progress for this page.
  }
  for (const listener of [...listeners]) listener()
}

/** Forgets an exercise's progress (for a "start over" control or a test). */
export function clearProgress(id: string): void {
  const key = progressKey(id)
  cache.delete(key)
  try {
    storage()?.removeItem(key)
  } catch {
    // See writeProgress.
  }
  for (const listener of [...listeners]) listener()
}

/** Calls `listener` when any exercise's progress changes, in this tab or (through `storage` events) another. */
export function subscribeProgress(listener: () => void): () => void {
  listeners.add(listener)
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key.startsWith(PREFIX)) listener()
  }
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage)
  }
}
