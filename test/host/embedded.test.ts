import { PGlite } from '@electric-sql/pglite'
import { createHash } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostApiSuite } from './support/api-suite'
import { hardeningSuite } from './support/hardening-suite'
import { ensureBuilt, runCli, startHost, tempDataDir, type HostApp } from './support/host-app'
import { adminCall, auditLog, post, record } from './support/http'
import { hostFetch } from './support/host-fetch'

// The zero-config setup: no DATABASE_URL, no REDIS_URL. PGlite in a data directory and in-process memory.
describe('host app on embedded PGlite and memory', () => {
  let host: HostApp
  const dataDir = tempDataDir()

  beforeAll(async () => {
    ensureBuilt()
    host = await startHost({ RUNCELL_DATA_DIR: dataDir })
  })
  afterAll(async () => {
    await host?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('starts with nothing configured, migrating the embedded database on first start', async () => {
    expect(host.output()).toMatch(/"database":"pglite".*"migrated":\["0001_initial","0002_exercise_checks"\]/)
    const start = performance.now()
    const response = await hostFetch(`${host.url}/api/health`)
    expect(response.status).toBe(200)
    console.log(
      `embedded: cold start ${host.startMs} ms, /api/health ${(performance.now() - start).toFixed(1)} ms`,
    )
  })

  hostApiSuite(() => host)
  hardeningSuite(() => host)

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    await hostFetch(`${host.url}/api/admin/audit/enable`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'x-forwarded-for': '198.51.100.23' },
    })
    const [latest] = await auditLog(host.url, 1)
    expect(latest).toMatchObject({ action: 'audit.enable', result: 'denied', clientIp: '127.0.0.1' })
  })

  it('keeps admin actions out of the audit log while audit is off, but records the switch itself', async () => {
    await adminCall(`${host.url}/api/admin/audit/disable`)
    await adminCall(`${host.url}/api/admin/maintenance/enable`)
    await adminCall(`${host.url}/api/admin/maintenance/disable`)
    await adminCall(`${host.url}/api/admin/audit/enable`)
    const actions = (await auditLog(host.url, 2)).map((r) => r.action)
    expect(actions).toEqual(['audit.enable', 'audit.disable'])
  })

  it('deletes execution and exercise-check rows older than 7 days with maintenance:cleanup, and verifies migrations', async () => {
    for (const id of ['old-1', 'old-2', 'new-1']) {
      expect(
        (await post(`${host.url}/api/executions`, { records: [record({ executionId: id })] })).status,
      ).toBe(202)
    }
    // PGlite's directory belongs to one process at a time: the CLI runs with the app stopped, as documented.
    await host.stop()
    const db = await PGlite.create(join(dataDir, 'pglite'))
    await db.query(
      `UPDATE executions SET received_at = now() - interval '8 days' WHERE execution_id LIKE 'old-%'`,
    )
    await db.query(
      `INSERT INTO exercise_checks (exercise_id, status, attempts, hints_used, received_at)
       VALUES ('old-check', 'fail', 1, 0, now() - interval '8 days'), ('new-check', 'pass', 2, 0, now())`,
    )
    // The API suite above posted progress from this one address: one hash, and not what a guessable salt
    // ('runcell', the old default without ADMIN_TOKEN) would give.
    const hashes = await db.query<{ client_hash: string }>(
      `SELECT DISTINCT client_hash FROM exercise_checks WHERE exercise_id LIKE 'suite/%'`,
    )
    const guessable = createHash('sha256').update('runcell:127.0.0.1').digest('base64url').slice(0, 16)
    expect(hashes.rows).toHaveLength(1)
    expect(hashes.rows[0]?.client_hash).toMatch(/^[\w-]{16}$/)
    expect(hashes.rows[0]?.client_hash).not.toBe(guessable)
    await db.close()
    const env = { RUNCELL_DATA_DIR: dataDir }
    const cleanup = runCli('cleanup', env)
    expect(cleanup.output).toContain('deleted 3 execution and exercise-check rows older than 7 days')
    expect(runCli('verify', env)).toMatchObject({ status: 0 })
    expect(runCli('migrate', env).output).toContain('applied 0')
    expect(runCli('optimize', env).status).toBe(0)
    const after = await PGlite.create(join(dataDir, 'pglite'))
    const rows = await after.query<{ execution_id: string }>('SELECT execution_id FROM executions')
    const checks = await after.query<{ exercise_id: string }>('SELECT exercise_id FROM exercise_checks')
    await after.close()
    expect(checks.rows.map((row) => row.exercise_id)).toContain('new-check')
    expect(checks.rows.map((row) => row.exercise_id)).not.toContain('old-check')
    const ids = rows.rows.map((row) => row.execution_id)
    expect(ids).toContain('new-1')
    expect(ids).not.toContain('old-1')
  })
})
