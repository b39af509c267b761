'use client'

import { useExerciseProgress } from '@runcell/react'

/** "2 of 4 exercises solved" for a lesson, from this browser's stored progress (empty on the server). */
export function LessonProgress({ ids }: { ids: readonly string[] }) {
  const { passed, total } = useExerciseProgress(ids)
  if (total === 0) return null
  return (
    <span className="lesson-progress" data-passed={passed} data-total={total}>
      {passed} of {total} {total === 1 ? 'exercise' : 'exercises'} solved
    </span>
  )
}
