import { cookies } from 'next/headers'
import { SESSION_COOKIE, verifySession } from '../../server/admin/session'
import { getConfig } from '../../server/config/load'
import { getContext } from '../../server/context'
import { listAudit } from '../../server/store/audit'
import { listFlags } from '../../server/store/flags'
import { readSystemState, SWITCHES } from '../../server/store/system-state'

export const dynamic = 'force-dynamic'

const DESCRIPTIONS = {
  maintenance: 'Readiness answers 503 with Retry-After; health warns.',
  emergency: 'Stops Run on every runner at the next flag refresh.',
  execution: 'Code execution on the site (off turns off Run).',
  audit: 'Write admin actions to the audit log.',
} as const

/** The admin page: a login form, then the switches, the flags and the audit log. */
export default async function AdminPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const token = getConfig().ADMIN_TOKEN
  const session = (await cookies()).get(SESSION_COOKIE)?.value
  const actor = token && session ? verifySession(token, session) : null
  if (!actor) return <Login failed={(await searchParams).error !== undefined} disabled={!token} />

  const ctx = await getContext()
  const [state, flags, audit] = await Promise.all([
    readSystemState(ctx.db),
    listFlags(ctx.db),
    listAudit(ctx.db, 50),
  ])
  return (
    <main>
      <h1>Runcell admin</h1>
      <p>
        Signed in as {actor}.{' '}
        <form className="inline" method="post" action="/api/admin/logout">
          <button type="submit">Sign out</button>
        </form>
      </p>
      <h2>Switches</h2>
      <table>
        <tbody>
          {SWITCHES.map((name) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td data-switch={name}>{state[name] ? 'on' : 'off'}</td>
              <td>{DESCRIPTIONS[name]}</td>
              <td>
                <form method="post" action={`/api/admin/${name}/${state[name] ? 'disable' : 'enable'}`}>
                  <input type="hidden" name="confirm" value="1" />
                  <button type="submit">{state[name] ? 'Turn off' : 'Turn on'}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Flags</h2>
      {/* SLOT: flag editor (rollout %, groups, variants, versions and rollback) over /api/admin/flags. */}
      <table>
        <thead>
          <tr>
            <th>Key</th>
            <th>Enabled</th>
            <th>Rollout</th>
            <th>Version</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {flags.map((flag) => (
            <tr key={flag.definition.key}>
              <td>{flag.definition.key}</td>
              <td>{flag.definition.enabled ? 'yes' : 'no'}</td>
              <td>{flag.definition.rolloutPercentage ?? 100} %</td>
              <td>{flag.version}</td>
              <td>
                {flag.updatedAt} by {flag.updatedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Audit log</h2>
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>IP</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {audit.map((record) => (
            <tr key={record.id}>
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
      {/* SLOT: <MonitoringDashboard source="/api/metrics/summary"> belongs on /admin/monitoring. */}
    </main>
  )
}

function Login({ failed, disabled }: { failed: boolean; disabled: boolean }) {
  return (
    <main>
      <h1>Runcell admin</h1>
      {disabled ? (
        <p role="alert">Admin is disabled: set ADMIN_TOKEN in the environment.</p>
      ) : (
        <form method="post" action="/api/admin/session">
          {failed ? <p role="alert">That token is not right.</p> : null}
          <p>
            <label>
              Your name <input name="name" autoComplete="username" maxLength={64} />
            </label>
          </p>
          <p>
            <label>
              Admin token <input name="token" type="password" autoComplete="current-password" required />
            </label>
          </p>
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  )
}
