import { MonitoringDashboard } from '@runcell/react/monitoring'
import Link from 'next/link'
import { AdminLogin } from '../../../components/admin/AdminLogin'
import { currentAdmin } from '../../../components/admin/current-admin'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Monitoring' }

/**
 * The monitoring dashboard, behind the admin login: `<MonitoringDashboard>` polling this app's
 * `/api/metrics/summary`, which counts the runs that browsers report to `/api/executions`.
 */
export default async function MonitoringPage() {
  const signIn = await currentAdmin()
  if (signIn.actor === null)
    return <AdminLogin failed={false} disabled={signIn.disabled} heading="Monitoring" />
  return (
    <main id="main" className="admin">
      <h1>Monitoring</h1>
      <p>
        Runs reported by readers&apos; browsers, refreshed every 10 seconds.{' '}
        <Link href="/admin">Back to admin</Link>
      </p>
      <MonitoringDashboard endpoint="/api/metrics/summary" refreshIntervalMs={10_000} />
    </main>
  )
}
