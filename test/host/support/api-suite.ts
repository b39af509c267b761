import { isMetricsSummary } from '@runcell/core/monitor'
import { expect, it } from 'vitest'
import { ADMIN_TOKEN, type HostApp } from './host-app'
import {
  admin,
  adminCall,
  auditLog,
  expectApiSecurityHeaders,
  post,
  record,
  sample,
  servedFlags,
} from './http'
import { hostFetch } from './host-fetch'

/**
 * The API behaviour every storage setup must show (embedded PGlite + memory, PostgreSQL + Redis): ingest,
 * feedback, flags with ETag/304 and versions, the admin switches with audit records, health and readiness.
 */
export function hostApiSuite(host: () => HostApp): void {
  it('reports pass on /api/health as application/health+json with the four checks and no internals', async () => {
    const response = await hostFetch(`${host().url}/api/health`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/health+json')
    const body = (await response.json()) as { status: string; checks: Record<string, unknown> }
    expect(body.status).toBe('pass')
    expect(Object.keys(body.checks)).toEqual(
      expect.arrayContaining([
        'database:responseTime',
        'cache:responseTime',
        'execution:switch',
        'maintenance:mode',
      ]),
    )
    expect(JSON.stringify(body)).not.toMatch(/stack|Error|postgres:\/\//)
  })

  it('stores a telemetry batch once, drops invalid records and counts them into metrics and the summary', async () => {
    const batch = {
      records: [record(), record({ language: 'sql', outcome: 'error', success: false }), { nope: 1 }],
    }
    const first = await post(`${host().url}/api/executions`, batch)
    expect(first.status).toBe(202)
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, invalid: 1 })
    const retried = await post(`${host().url}/api/executions`, batch)
    expect(await retried.json()).toEqual({ accepted: 0, duplicates: 2, invalid: 1 })
    const metrics = await (await hostFetch(`${host().url}/api/metrics`)).text()
    expect(sample(metrics, 'runcell_executions_total', 'language="sql",outcome="error"')).toBe(1)
    expect(sample(metrics, 'runcell_ingest_dropped_records_total', 'reason="invalid"')).toBe(2)
    expect(sample(metrics, 'runcell_ingest_dropped_records_total', 'reason="duplicate"')).toBe(2)
    const summary = await (await hostFetch(`${host().url}/api/metrics/summary`, { headers: admin })).json()
    expect(isMetricsSummary(summary)).toBe(true)
    expect(summary.windows['1m'].count).toBeGreaterThanOrEqual(2)
  })

  it('takes feedback, silently drops a filled honeypot, caps lengths and rate-limits a sender', async () => {
    const url = `${host().url}/api/feedback`
    const ok = await post(url, {
      rating: 5,
      comment: 'Nice',
      snippetId: 'intro/py-1',
      page: '/',
      lastRunStatus: 'ok',
    })
    expect(ok.status).toBe(202)
    const bot = await post(url, { rating: 1, snippetId: 'intro/py-1', website: 'http://spam' })
    expect(bot.status).toBe(202)
    expect((await post(url, { snippetId: 'x', comment: 'a'.repeat(2_001) })).status).toBe(400)
    expect((await post(url, { snippetId: 'x' })).status).toBe(400)
    const metrics = await (await hostFetch(`${host().url}/api/metrics`)).text()
    expect(sample(metrics, 'runcell_feedback_total', 'result="stored"')).toBe(1)
    expect(sample(metrics, 'runcell_feedback_total', 'result="spam"')).toBe(1)
    let limited: Response | undefined
    for (let i = 0; i < 12 && !limited; i++) {
      const response = await post(url, { rating: 4, snippetId: 'intro/py-2' })
      if (response.status === 429) limited = response
    }
    expect(limited?.status).toBe(429)
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('takes check outcomes on /api/progress, refuses bodies with code or bad fields by name, and rate-limits', async () => {
    const url = `${host().url}/api/progress`
    const good = { exerciseId: 'suite/ex-1', status: 'pass', attempts: 2, hintsUsed: 1, solutionShown: false }
    expect((await post(url, good)).status).toBe(202)
    expect((await post(url, { ...good, status: 'fail', attempts: 1 })).status).toBe(202)
    const problems = async (body: unknown) => {
      const response = await post(url, body)
      return { status: response.status, errors: ((await response.json()) as { errors?: string[] }).errors }
    }
    // No code and no answers: the schema is strict, so a body that carries them is refused, naming the key.
    const withCode = await problems({ ...good, code: 'total = 6' })
    expect(withCode.status).toBe(400)
    expect(withCode.errors?.join(' ')).toMatch(/code/)
    expect((await problems({ ...good, message: 'total should be 6' })).errors?.join(' ')).toMatch(/message/)
    expect((await problems({ ...good, status: 'passed' })).errors?.join(' ')).toMatch(/^status:/)
    expect((await problems({ ...good, attempts: -1 })).errors?.join(' ')).toMatch(/^attempts:/)
    expect((await problems({ ...good, exerciseId: '<script>' })).errors?.join(' ')).toMatch(/^exerciseId:/)
    expect((await problems({ status: 'pass' })).errors?.join(' ')).toMatch(/exerciseId/)
    expect((await post(url, '{not json')).status).toBe(400)
    expect((await post(url, good, { 'content-type': 'text/html' })).status).toBe(415)
    expect((await post(url, { ...good, exerciseId: 'x'.repeat(2_000) })).status).toBe(413)
    let limited: Response | undefined
    for (let i = 0; i < 70 && !limited; i++) {
      const response = await post(url, { ...good, exerciseId: 'suite/ex-2' })
      if (response.status === 429) limited = response
    }
    expect(limited?.status).toBe(429)
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('shows pass rates per exercise on /admin/exercises to a signed-in admin only', async () => {
    const base = host().url
    const anonymous = await (await hostFetch(`${base}/admin/exercises`)).text()
    expect(anonymous).toContain('Admin token')
    expect(anonymous).not.toContain('suite/ex-1')
    const form = new URLSearchParams({ name: 'suite', token: ADMIN_TOKEN })
    const login = await hostFetch(`${base}/api/admin/session`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const html = await (await hostFetch(`${base}/admin/exercises`, { headers: { cookie } })).text()
    // suite/ex-1 above: one pass and one fail, so 50 %, by one learner; the rows are the stored ones.
    const row = html.match(/<tr data-exercise="suite\/ex-1">(.*?)<\/tr>/)?.[1] ?? ''
    const cells = [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1])
    expect(cells).toEqual(['suite/ex-1', '2', '1', '50 %', '1', '2.0', '0', '0'])
  })

  it('serves flags with an ETag, answers 304 on a match, and versions every change with rollback', async () => {
    const base = host().url
    const first = await hostFetch(`${base}/api/flags`)
    const etag = first.headers.get('etag') ?? ''
    expect(first.headers.get('cache-control')).toBe('public, max-age=300')
    expect((await hostFetch(`${base}/api/flags`, { headers: { 'if-none-match': etag } })).status).toBe(304)

    const created = await adminCall(`${base}/api/admin/flags`, 'POST', {
      key: 'new_editor',
      enabled: true,
      rolloutPercentage: 10,
    })
    expect(created.status).toBe(201)
    const changed = await hostFetch(`${base}/api/flags`, { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    const update = {
      key: 'new_editor',
      enabled: true,
      rolloutPercentage: 50,
      conditions: { userGroups: ['beta'] },
    }
    expect((await adminCall(`${base}/api/admin/flags/new_editor`, 'PUT', update)).status).toBe(200)
    expect((await servedFlags(base)).get('new_editor')).toMatchObject({ rolloutPercentage: 50, version: 2 })
    expect((await adminCall(`${base}/api/admin/flags/new_editor`, 'DELETE')).status).toBe(200)
    expect((await servedFlags(base)).has('new_editor')).toBe(false)
    const rollback = await adminCall(`${base}/api/admin/flags/new_editor/rollback`, 'POST', { version: 1 })
    expect(rollback.status).toBe(200)
    expect((await servedFlags(base)).get('new_editor')).toMatchObject({ rolloutPercentage: 10, version: 4 })
    const versions = await (await adminCall(`${base}/api/admin/flags/new_editor/versions`, 'GET')).json()
    expect(versions.versions.map((v: { action: string }) => v.action)).toEqual([
      'rollback',
      'delete',
      'update',
      'create',
    ])

    const bad = await adminCall(`${base}/api/admin/flags`, 'POST', { key: 'x', enabled: true, rollout: 10 })
    expect(bad.status).toBe(400)
    expect((await bad.json()).detail).toMatch(/rollout/)
    expect(
      (await adminCall(`${base}/api/admin/flags`, 'POST', { key: 'code_execution', enabled: false })).status,
    ).toBe(409)
  })

  it('refuses admin calls without the token (401) and audits the denied attempt', async () => {
    const base = host().url
    expect((await hostFetch(`${base}/api/admin/maintenance/enable`, { method: 'POST' })).status).toBe(401)
    const wrong = await hostFetch(`${base}/api/admin/maintenance/enable`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token' },
    })
    expect(wrong.status).toBe(401)
    const [latest] = await auditLog(base, 1)
    expect(latest).toMatchObject({ actor: 'anonymous', action: 'maintenance.enable', result: 'denied' })
    expect((await hostFetch(`${base}/api/admin/flags`)).status).toBe(401)
  })

  it('turns Run off through the execution and emergency switches, with audit records', async () => {
    const base = host().url
    expect((await servedFlags(base)).get('code_execution')?.enabled).toBe(true)
    const off = await hostFetch(`${base}/api/admin/execution/disable`, {
      method: 'POST',
      headers: { ...admin, 'x-runcell-actor': 'ops-alice' },
    })
    expect(await off.json()).toEqual({ switch: 'execution', enabled: false, previous: true })
    expect((await servedFlags(base)).get('code_execution')?.enabled).toBe(false)
    const health = await (await hostFetch(`${base}/api/health`)).json()
    expect(health.status).toBe('warn')
    await adminCall(`${base}/api/admin/execution/enable`)
    await adminCall(`${base}/api/admin/emergency/enable`)
    expect((await servedFlags(base)).get('code_execution')?.enabled).toBe(false)
    await adminCall(`${base}/api/admin/emergency/disable`)
    expect((await servedFlags(base)).get('code_execution')?.enabled).toBe(true)
    const records = await auditLog(base, 4)
    expect(records.map((r) => r.action)).toEqual([
      'emergency.disable',
      'emergency.enable',
      'execution.enable',
      'execution.disable',
    ])
    expect(records[3]).toMatchObject({
      actor: 'token:ops-alice',
      target: 'execution',
      clientIp: '127.0.0.1',
      result: 'ok',
    })
    expect(typeof records[3]?.at).toBe('string')
    expect((await adminCall(`${base}/api/admin/nonsense/enable`)).status).toBe(404)
  })

  it('answers readyz 503 with Retry-After in maintenance and 200 after', async () => {
    const base = host().url
    expect((await hostFetch(`${base}/api/readyz`)).status).toBe(200)
    await adminCall(`${base}/api/admin/maintenance/enable`)
    const during = await hostFetch(`${base}/api/readyz`)
    expect(during.status).toBe(503)
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await hostFetch(`${base}/api/livez`)).status).toBe(200)
    await adminCall(`${base}/api/admin/maintenance/disable`)
    expect((await hostFetch(`${base}/api/readyz`)).status).toBe(200)
  })

  it('answers the probes with the API security headers and a request id, and logs them below info', async () => {
    const api = (response: Response) => {
      expectApiSecurityHeaders(response)
      expect(response.headers.get('cache-control')).toBe('no-store')
    }
    const health = await hostFetch(`${host().url}/api/health?probe=1`, {
      headers: { 'x-request-id': 'probe-req-0001' },
    })
    api(health)
    expect(health.headers.get('x-request-id')).toBe('probe-req-0001')
    const time = Date.parse((await health.json()).checks['database:responseTime'][0].time)
    expect(Number.isNaN(time)).toBe(false)
    for (const path of ['/api/livez', '/api/readyz']) {
      const response = await hostFetch(`${host().url}${path}`)
      expect(response.status, path).toBe(200)
      api(response)
      expect(response.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/)
    }
    const head = await hostFetch(`${host().url}/api/health`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    // Other API responses carry the same headers without the page proxy, unknown paths included.
    const unknown = await hostFetch(`${host().url}/api/no-such-route`)
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('application/problem+json')
    api(unknown)
    api(await post(`${host().url}/api/executions`, { records: [record()] }))
    // Probes are counted in the metrics but write no info line each (load balancers poll them constantly).
    const metrics = await (await hostFetch(`${host().url}/api/metrics`)).text()
    expect(
      sample(
        metrics,
        'runcell_http_server_request_duration_seconds_count',
        'route="/api/livez",method="GET",status="200"',
      ),
    ).toBeGreaterThan(0)
    expect(host().output()).not.toMatch(/"route":"\/api\/(health|livez|readyz)"/)
    expect(host().output()).toMatch(/"route":"\/api\/executions"/)
  })

  it('group-commits concurrent telemetry batches, each answered with its own counts, a shared id stored once', async () => {
    const tag = `group-${Date.now()}`
    const batches = Array.from({ length: 6 }, (_, i) => ({
      records: [record({ executionId: `${tag}-${i}` }), record({ executionId: `${tag}-shared` })],
    }))
    const answers = await Promise.all(
      batches.map(async (batch) => (await post(`${host().url}/api/executions`, batch)).json()),
    )
    for (const answer of answers) {
      expect(answer.accepted + answer.duplicates).toBe(2)
      expect(answer.accepted).toBeGreaterThanOrEqual(1)
    }
    // Seven distinct ids: the shared one counts as accepted exactly once across all six answers.
    expect(answers.reduce((sum, answer) => sum + answer.accepted, 0)).toBe(7)
    const again = await (await post(`${host().url}/api/executions`, batches[0])).json()
    expect(again).toEqual({ accepted: 0, duplicates: 2, invalid: 0 })
  })
}
