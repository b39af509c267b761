import type { Queryable } from '../db/client'

/** One check outcome as the progress route accepts it: no code, no answers, no message. */
export interface ExerciseCheckInput {
  exerciseId: string
  status: 'pass' | 'fail' | 'error'
  attempts: number
  hintsUsed: number
  solutionShown?: boolean
  /** A salted hash of the client IP, enough to count learners without storing addresses. */
  clientHash: string
}

/** Stores one check outcome. */
export async function insertExerciseCheck(db: Queryable, input: ExerciseCheckInput): Promise<void> {
  await db.query(
    `INSERT INTO exercise_checks (exercise_id, status, attempts, hints_used, solution_shown, client_hash)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      input.exerciseId,
      input.status,
      input.attempts,
      input.hintsUsed,
      input.solutionShown ?? false,
      input.clientHash,
    ],
  )
}

/** How one exercise is going across learners, for the admin page. */
export interface ExerciseStats {
  exerciseId: string
  /** Checks that gave a verdict on the learner's code (pass or fail). */
  checks: number
  passes: number
  /** passes / checks, or null before the first check. */
  passRate: number | null
  /** Checks where the check itself broke: the author's bug, worth fixing first. */
  errors: number
  /** Distinct senders (salted IP hashes) with at least one pass. */
  learnersPassed: number
  /** Mean attempts it took, over the passing checks. */
  meanAttemptsToPass: number | null
  /** Share of passing checks made after the solution was shown. */
  passesWithSolution: number
}

/** Pass rates per exercise, most-checked first. */
export async function exerciseStats(db: Queryable, limit = 200): Promise<ExerciseStats[]> {
  const rows = await db.query<{
    exercise_id: string
    checks: number
    passes: number
    errors: number
    learners_passed: number
    mean_attempts: number | null
    with_solution: number
  }>(
    `SELECT exercise_id,
            count(*) FILTER (WHERE status <> 'error')::int AS checks,
            count(*) FILTER (WHERE status = 'pass')::int AS passes,
            count(*) FILTER (WHERE status = 'error')::int AS errors,
            count(DISTINCT client_hash) FILTER (WHERE status = 'pass')::int AS learners_passed,
            avg(attempts) FILTER (WHERE status = 'pass')::float8 AS mean_attempts,
            count(*) FILTER (WHERE status = 'pass' AND solution_shown)::int AS with_solution
     FROM exercise_checks
     GROUP BY exercise_id
     ORDER BY count(*) DESC, exercise_id
     LIMIT $1`,
    [limit],
  )
  return rows.map((row) => ({
    exerciseId: row.exercise_id,
    checks: row.checks,
    passes: row.passes,
    passRate: row.checks > 0 ? row.passes / row.checks : null,
    errors: row.errors,
    learnersPassed: row.learners_passed,
    meanAttemptsToPass: row.mean_attempts,
    passesWithSolution: row.with_solution,
  }))
}
