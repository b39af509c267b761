import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { CheckResult, RunCheck, RunResult } from '@runcell/core'
import type { CodeRunnerMessages } from '../code-runner/messages.js'
import { afterCheck, readProgress, writeProgress, type ExerciseProgress } from './progress.js'
import { useStoredProgress } from './use-exercise-progress.js'

/** What `onCheck` gets beside the verdict: the learner's effort so far, this check included. */
export interface ExerciseCheckInfo {
  attempts: number
  hintsUsed: number
  solutionShown: boolean
}

interface ExerciseStateOptions {
  id: string
  check: RunCheck
  hints: number
  solutionAfterAttempts: number
  onCheck?: (result: CheckResult, info: ExerciseCheckInfo) => void
  messages: CodeRunnerMessages['exercise']
}

/**
 * An exercise's learner-facing state: stored progress, the check under way, the live announcement, and the
 * hint and solution reveals. Running is not here: `checkWith` is handed the runner's own `run`.
 */
export function useExerciseState(options: ExerciseStateOptions) {
  const { id } = options
  const progress = useStoredProgress(id)
  const [checking, setChecking] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  // A Run started after Check stops the check's run; its "did not finish" verdict is then not the learner's.
  const generation = useRef(0)
  const latest = useRef(options)
  useEffect(() => {
    latest.current = options
  })

  const update = useCallback(
    (change: (progress: ExerciseProgress) => ExerciseProgress) => writeProgress(id, change(readProgress(id))),
    [id],
  )

  const checkWith = useCallback(
    async (run: (check: RunCheck) => Promise<RunResult | null>): Promise<CheckResult | null> => {
      const mine = (generation.current += 1)
      const { check, messages } = latest.current
      setChecking(true)
      setAnnouncement('')
      const result = await run(check)
      if (mine !== generation.current) return null
      setChecking(false)
      if (!result) return null
      // An error with no verdict is Runcell's (the runner was lost or unreachable): not the learner's attempt.
      if (!result.check && result.status === 'error') {
        setAnnouncement(messages.unavailable)
        return null
      }
      const verdict: CheckResult = result.check ?? { status: 'fail', message: messages.noVerdict }
      update((before) => afterCheck(before, verdict))
      const after = readProgress(id)
      setAnnouncement(latest.current.messages.announce(verdict.status, verdict.message ?? ''))
      latest.current.onCheck?.(verdict, {
        attempts: after.attempts,
        hintsUsed: after.hintsUsed,
        solutionShown: after.solutionShown,
      })
      return verdict
    },
    [id, update],
  )

  const supersede = useCallback(() => {
    generation.current += 1
    setChecking(false)
  }, [])

  const revealHint = useCallback(
    () =>
      update((before) => ({
        ...before,
        hintsUsed: Math.min(before.hintsUsed + 1, latest.current.hints),
      })),
    [update],
  )
  const revealSolution = useCallback(() => update((before) => ({ ...before, solutionShown: true })), [update])
  const solutionLockedFor = progress.passed
    ? 0
    : Math.max(0, options.solutionAfterAttempts - progress.attempts)

  return useMemo(
    () => ({
      progress,
      checking,
      announcement,
      solutionLockedFor,
      checkWith,
      supersede,
      revealHint,
      revealSolution,
    }),
    [progress, checking, announcement, solutionLockedFor, checkWith, supersede, revealHint, revealSolution],
  )
}
