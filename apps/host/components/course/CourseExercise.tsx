'use client'

import type { CheckResult } from '@runcell/core'
import { Exercise, type ExerciseCheckInfo, type ExerciseProps } from '@runcell/react'
import type { ReactNode } from 'react'

/** Where check outcomes are reported: the host's progress route. */
const PROGRESS_ENDPOINT = '/api/progress'

/**
 * Tells the host how a check came out: the exercise, the verdict and the effort, never the learner's code or the
 * check's message (which may quote the answer). A lost report costs a statistic, not the learner's progress,
 * which their browser keeps.
 */
export function reportCheck(exerciseId: string, result: CheckResult, info: ExerciseCheckInfo): void {
  const body = JSON.stringify({
    exerciseId,
    status: result.status,
    attempts: info.attempts,
    hintsUsed: info.hintsUsed,
    solutionShown: info.solutionShown,
  })
  void fetch(PROGRESS_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    keepalive: true,
  }).catch(() => {})
}

/** Props of {@link CourseExercise}: `<Exercise>`'s, as plain data a server component can pass. */
export type CourseExerciseProps = Omit<ExerciseProps, 'onCheck' | 'children'> & { children?: ReactNode }

/** A course exercise that reports each check's outcome to the host. */
export function CourseExercise(props: CourseExerciseProps) {
  return <Exercise {...props} onCheck={(result, info) => reportCheck(props.id, result, info)} />
}
