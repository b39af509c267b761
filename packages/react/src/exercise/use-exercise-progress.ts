import { useCallback, useRef, useSyncExternalStore } from 'react'
import { NO_PROGRESS, readProgress, subscribeProgress, type ExerciseProgress } from './progress.js'

/** A course's progress for a table of contents: each exercise's progress and how many are passed. */
export interface CourseProgress {
  /** Progress per exercise id, in the order asked for. */
  exercises: Readonly<Record<string, ExerciseProgress>>
  passed: number
  total: number
}

const serverProgress = () => NO_PROGRESS

/** One exercise's stored progress; the server (and hydration) sees none, as it cannot read localStorage. */
export function useStoredProgress(id: string): ExerciseProgress {
  const read = useCallback(() => readProgress(id), [id])
  return useSyncExternalStore(subscribeProgress, read, serverProgress)
}

function summarise(ids: readonly string[], read: (id: string) => ExerciseProgress): CourseProgress {
  const exercises: Record<string, ExerciseProgress> = {}
  let passed = 0
  for (const id of ids) {
    const progress = read(id)
    exercises[id] = progress
    if (progress.passed) passed += 1
  }
  return { exercises, passed, total: ids.length }
}

/**
 * The learner's progress on a course's exercises, read from this browser's localStorage and updated when any
 * `<Exercise>` on the page (or in another tab) records a check, hint or solution.
 * @example
 * const { exercises, passed, total } = useExerciseProgress(['intro-1', 'intro-2'])
 * return <p>{passed} of {total} solved</p>
 */
export function useExerciseProgress(ids: readonly string[]): CourseProgress {
  const last = useRef<{ key: string; value: CourseProgress } | null>(null)
  const key = ids.join('\u0000')
  const snapshot = (read: (id: string) => ExerciseProgress) => {
    const next = summarise(ids, read)
    const previous = last.current
    // The same snapshot object while nothing changed, as useSyncExternalStore requires.
    if (
      previous &&
      previous.key === key &&
      ids.every((id) => previous.value.exercises[id] === next.exercises[id])
    )
      return previous.value
    last.current = { key, value: next }
    return next
  }
  return useSyncExternalStore(
    subscribeProgress,
    () => snapshot(readProgress),
    () => snapshot(serverProgress),
  )
}
