import Link from 'next/link'
import { AdminLogin } from '../../components/admin/AdminLogin'
import { currentAdmin } from '../../components/admin/current-admin'
import { FlagEditor } from '../../components/admin/FlagEditor'
import { getContext } from '../../server/context'
import { listAudit } from '../../server/store/audit'
import { listFlags } from '../../server/store/flags'
import { readSystemState, SWITCHES } from '../../server/store/system-state'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Admin' }

const DESCRIPTIONS = {
  maintenance: 'Readiness answers 503 with Retry-After; health warns.',
  emergency: 'Stops Run on every runner at the next flag refresh.',
  execution: 'Code execution on the site (off turns off Run).',
  audit: 'Write admin actions to the audit log.',
} as const

/** The admin page: a login form, then the switches, the flag editor and the audit log. */
export default async function AdminPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const signIn = await currentAdmin()
  if (signIn.actor === null) {
    return <AdminLogin failed={(await searchParams).error !== undefined} disabled={signIn.disabled} />
  }

  const ctx = await getContext()
  const [state, flags, audit] = await Promise.all([
    readSystemState(ctx.db),
    listFlags(ctx.db),
    listAudit(ctx.db, 50),
  ])
  return (
    <main id="main" className="admin">
      <h1>Runcell admin</h1>
      <div className="signed-in">
        <p>Signed in as {signIn.actor}.</p>
        <form method="post" action="/api/admin/logout">
          <button type="submit">Sign out</button>
        </form>
        <p>
          <Link href="/admin/monitoring">Monitoring dashboard</Link> ·{' '}
          <Link href="/admin/exercises">Exercise pass rates</Link>
        </p>
      </div>

      <section aria-labelledby="switches-heading">
        <h2 id="switches-heading">Switches</h2>
        <table>
          <caption>Site switches; runners obey them within one flag refresh</caption>
          <thead>
            <tr>
              <th scope="col">Switch</th>
              <th scope="col">State</th>
              <th scope="col">Effect</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {SWITCHES.map((name) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td data-switch={name}>{state[name] ? 'on' : 'off'}</td>
                <td>{DESCRIPTIONS[name]}</td>
                <td>
                  <form method="post" action={`/api/admin/${name}/${state[name] ? 'disable' : 'enable'}`}>
                    <input type="hidden" name="confirm" value="1" />
                    <button type="submit">
                      {state[name] ? 'Turn off' : 'Turn on'} {name}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="flags-heading">
        <h2 id="flags-heading">Flags</h2>
        <FlagEditor flags={flags} />
      </section>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        <table>
          <caption>The newest 50 admin actions</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((record) => (
              <tr key={record.id} data-audit-action={record.action}>
                <td>{record.at}</td>
                <td>{record.actor}</td>
                <td>{record.action}</td>
                <td>{record.target ?? ''}</td>
                <td>{record.clientIp}</td>
                <td>{record.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  )
}
