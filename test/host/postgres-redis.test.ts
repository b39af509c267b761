import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostApiSuite } from './support/api-suite'
import { hardeningSuite } from './support/hardening-suite'
import { ensureBuilt, runCli, startHost, type HostApp } from './support/host-app'
import { adminCall, auditLog, healthUntil, post, record, servedFlags } from './support/http'
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from './support/services'
import { hostFetch } from './support/host-fetch'

// The scale-out setup: a real PostgreSQL and a real Redis on 127.0.0.1, shared by two app instances.
describe('host app on PostgreSQL and Redis', () => {
  let postgres: TestPostgres
  let redis: TestRedis
  let host: HostApp
  let second: HostApp
  let env: Record<string, string>

  beforeAll(async () => {
    ensureBuilt()
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    env = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      DATABASE_POOL_SIZE: '4',
      DATABASE_TIMEOUT: '2000',
      RUNCELL_TRUSTED_PROXIES: '10.0.0.0/8',
    }
    // The CLI migrates first, as a deploy would; the app then finds nothing to apply.
    const migrated = runCli('migrate', env)
    expect(migrated.output).toContain('applied 2 (0001_initial, 0002_exercise_checks)')
    ;[host, second] = await Promise.all([startHost(env), startHost(env)])
  })
  afterAll(async () => {
    await Promise.all([host?.stop(), second?.stop()])
    await Promise.all([postgres?.remove(), redis?.stop()])
  })

  it('migrates with db:migrate once, verifies with db:verify, and the app reports PostgreSQL and Redis', async () => {
    expect(runCli('verify', env)).toMatchObject({ status: 0 })
    expect(host.output()).toMatch(/"database":"postgres","cache":"redis","migrated":\[\]/)
    const start = performance.now()
    const health = await (await hostFetch(`${host.url}/api/health`)).json()
    console.log(
      `postgres+redis: cold start ${host.startMs} ms, /api/health ${(performance.now() - start).toFixed(1)} ms`,
    )
    expect(health.checks['cache:responseTime'][0].output).toBe('Redis.')
  })

  hostApiSuite(() => host)
  hardeningSuite(() => host)

  it('shows a switch flipped through one instance on the other within a second', async () => {
    expect((await servedFlags(second.url)).get('code_execution')?.enabled).toBe(true)
    await adminCall(`${host.url}/api/admin/execution/disable`)
    const started = Date.now()
    let seen = false
    while (!seen && Date.now() - started < 1_000) {
      seen = (await servedFlags(second.url)).get('code_execution')?.enabled === false
      if (!seen) await new Promise((r) => setTimeout(r, 50))
    }
    expect(seen).toBe(true)
    await adminCall(`${second.url}/api/admin/execution/enable`)
    expect((await servedFlags(host.url)).get('code_execution')?.enabled).toBe(true)
  })

  it('holds one feedback rate limit across both instances', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const target = i % 2 === 0 ? host : second
      const response = await post(`${target.url}/api/feedback`, { rating: 3, snippetId: 'shared/limit' })
      statuses.push(response.status)
    }
    // Both instances count against the same window: 10 accepted in total, then 429 on either instance.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2)
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(10)
  })

  it('answers ingest with 503 and Retry-After while PostgreSQL is down, and stores again once it is back', async () => {
    await postgres.stop()
    const during = await post(`${host.url}/api/executions`, {
      records: [record({ executionId: 'outage-1' })],
    })
    expect(during.status).toBe(503)
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await during.text()).not.toMatch(/ECONNREFUSED|at .*:\d+:\d+/)
    // Health is checked in the background every second: the outage shows on the next check.
    const health = await healthUntil(host.url, 503)
    expect(health.status).toBe('fail')
    expect(health.checks['database:responseTime']?.[0]?.status).toBe('fail')
    expect((await hostFetch(`${host.url}/api/readyz`)).status).toBe(503)
    await postgres.start()
    let after: Response | undefined
    for (let i = 0; i < 20 && after?.status !== 202; i++) {
      after = await post(`${host.url}/api/executions`, { records: [record({ executionId: 'outage-1' })] })
      if (after.status !== 202) await new Promise((r) => setTimeout(r, 250))
    }
    expect(after?.status).toBe(202)
    await healthUntil(host.url, 200)
  })

  it('believes X-Forwarded-For only from a configured proxy range', async () => {
    // The test client is 127.0.0.1, not in 10.0.0.0/8: its header is ignored.
    await hostFetch(`${host.url}/api/admin/audit/enable`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'x-forwarded-for': '198.51.100.23' },
    })
    const [latest] = await auditLog(host.url, 1)
    expect(latest).toMatchObject({ action: 'audit.enable', result: 'denied', clientIp: '127.0.0.1' })
  })

  it('deletes execution rows older than 7 days with maintenance:cleanup while the app runs', async () => {
    for (const id of ['pg-old-1', 'pg-new-1']) {
      await post(`${host.url}/api/executions`, { records: [record({ executionId: id })] })
    }
    const client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    try {
      await client.query(
        `UPDATE executions SET received_at = now() - interval '8 days' WHERE execution_id = 'pg-old-1'`,
      )
      expect(runCli('cleanup', env).output).toContain('deleted 1 execution and exercise-check rows')
      expect(runCli('optimize', env).status).toBe(0)
      const { rows } = await client.query(
        `SELECT execution_id FROM executions WHERE execution_id LIKE 'pg-%'`,
      )
      expect(rows.map((row) => row.execution_id)).toEqual(['pg-new-1'])
    } finally {
      await client.end()
    }
  })
})
