import Link from 'next/link'
import { AdminLogin } from '../../../components/admin/AdminLogin'
import { currentAdmin } from '../../../components/admin/current-admin'
import { getContext } from '../../../server/context'
import { exerciseStats } from '../../../server/store/exercise-checks'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Exercises' }

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)} %`)

/**
 * Pass rates per course exercise, behind the admin login, from the check outcomes browsers report to
 * /api/progress. Broken checks are counted apart: they are the author's bug, not the learners'.
 */
export default async function ExercisesAdminPage() {
  const signIn = await currentAdmin()
  if (signIn.actor === null)
    return <AdminLogin failed={false} disabled={signIn.disabled} heading="Exercises" />
  const stats = await exerciseStats((await getContext()).db)
  return (
    <main id="main" className="admin">
      <h1>Exercises</h1>
      <p>
        Check outcomes reported by learners&apos; browsers. They are feedback for authors, not grades: a
        learner can forge their own. <Link href="/admin">Back to admin</Link>
      </p>
      {stats.length === 0 ? (
        <p>No checks reported yet.</p>
      ) : (
        <table>
          <caption>Pass rates per exercise, most checked first</caption>
          <thead>
            <tr>
              <th scope="col">Exercise</th>
              <th scope="col">Checks</th>
              <th scope="col">Passes</th>
              <th scope="col">Pass rate</th>
              <th scope="col">Learners who passed</th>
              <th scope="col">Mean attempts to pass</th>
              <th scope="col">Passes after the solution</th>
              <th scope="col">Broken checks</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((row) => (
              <tr key={row.exerciseId} data-exercise={row.exerciseId}>
                <th scope="row">{row.exerciseId}</th>
                <td>{row.checks}</td>
                <td>{row.passes}</td>
                <td>{percent(row.passRate)}</td>
                <td>{row.learnersPassed}</td>
                <td>{row.meanAttemptsToPass === null ? '–' : row.meanAttemptsToPass.toFixed(1)}</td>
                <td>{row.passesWithSolution}</td>
                <td>{row.errors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
