import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { ExecutionRecord } from '@runcell/core'
import { createTelemetryExporter } from '@runcell/core/monitor'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port'
import { ADMIN_TOKEN, ensureBuilt, runCli, startHost, type HostApp } from './support/host-app'
import { admin, auditLog, record } from './support/http'
import {
  deployDir,
  fetchThrough,
  nginxUnavailable,
  request,
  RUNNER,
  SITE,
  startNginx,
  type AccessLine,
  type Reply,
  type RequestOptions,
  type TestNginx,
} from './support/nginx'
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from './support/services'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const unavailable = nginxUnavailable()
if (unavailable) console.warn(`test/host/nginx.test.ts is skipped: ${unavailable}`)

// The production nginx template, rendered for loopback, in front of two host server instances that share one
// PostgreSQL and one Redis. Each simulated client talks from its own 127.x address, so rate-limit buckets
// don't leak between tests.
describe.skipIf(unavailable !== null)('the host app behind nginx with TLS, two instances', () => {
  let postgres: TestPostgres
  let redis: TestRedis
  let hosts: HostApp[] = []
  let nginx: TestNginx
  let ports: { http: number; https: number }

  const via = (path: string, options: Partial<RequestOptions> = {}) =>
    request({ port: nginx.httpsPort, path, ca: nginx.ca, ...options })
  // nginx sends its $request_id as X-Request-Id and the app echoes it: that finds the access-log line, which
  // nginx writes just after the response goes out.
  async function lineOf(reply: Reply): Promise<AccessLine | undefined> {
    for (let i = 0; i < 50; i++) {
      const line = nginx.accessLog().find((l) => l.reqId === reply.headers['x-request-id'])
      if (line) return line
      await sleep(10)
    }
    return undefined
  }
  const fromApp = (upstream: string | undefined) => !!upstream && upstream !== '-'

  beforeAll(async () => {
    ensureBuilt()
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    ports = { http: await freePort(), https: await freePort() }
    const env = {
      // The public URLs, as in production: the runner page's CSP is built from them.
      NEXT_PUBLIC_APP_URL: `https://${SITE}:${ports.https}`,
      RUNNER_DOMAIN: `https://${RUNNER}:${ports.https}`,
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      DATABASE_POOL_SIZE: '4',
      DATABASE_TIMEOUT: '1000',
      // nginx connects from 127.0.0.1; clients come from other 127.x addresses.
      RUNCELL_TRUSTED_PROXIES: '127.0.0.1',
      LOG_LEVEL: 'warn',
    }
    expect(runCli('migrate', env).status).toBe(0)
    hosts = await Promise.all([startHost(env), startHost(env)])
    nginx = await startNginx([hosts[0]!.port, hosts[1]!.port], ports)
  })
  afterAll(async () => {
    await nginx?.stop()
    await Promise.all(hosts.map((host) => host.stop()))
    await Promise.all([postgres?.remove(), redis?.stop()])
  })

  it('redirects plain HTTP to HTTPS, keeping the host, path and query', async () => {
    const reply = await request({ port: nginx.httpPort, path: '/admin?tab=flags', tls: false })
    expect(reply.status).toBe(301)
    expect(reply.headers.location).toBe(`https://${SITE}:${nginx.httpsPort}/admin?tab=flags`)
  })

  it('proxies /health to the health+json document, and pages and assets carry their headers once', async () => {
    const health = await via('/health')
    expect(health.status).toBe(200)
    expect(health.headers['content-type']).toBe('application/health+json')
    expect(JSON.parse(health.body).status).toBe('pass')

    const page = await via('/', { from: '127.0.2.1' })
    expect(page.status).toBe(200)
    // Single values: the app set them, and nginx's fallbacks stayed out (a duplicate would be joined by ", ").
    expect(page.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(page.headers['permissions-policy']).toContain('camera=()')
    expect(page.headers['content-security-policy']).toMatch(/'nonce-[^']+'.*frame-ancestors 'none'/)
    expect(page.headers.server).toBe('nginx')

    const script = /\/_next\/static\/[^"]+\.js/.exec(page.body)?.[0] ?? ''
    const asset = await via(script)
    expect(asset.status).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')

    const runner = await via('/runcell/runner.html')
    expect(runner.status).toBe(200)
    expect(runner.headers['content-security-policy']).toMatch(/^sandbox allow-scripts; default-src 'none'/)
    expect(runner.headers['x-frame-options']).toBeUndefined()
    expect(runner.headers['cache-control']).toBe('no-cache')
  })

  it('serves only /runcell/ on the runner origin, embeddable, with its own CSP and CORS', async () => {
    const runner = await via('/runcell/runner.html', { host: RUNNER })
    expect(runner.status).toBe(200)
    // The app builds it from NEXT_PUBLIC_APP_URL and RUNNER_DOMAIN, scoped to /runcell/.
    expect(runner.headers['content-security-policy']).toContain(
      `script-src https://${SITE}:${nginx.httpsPort}/runcell/ https://${RUNNER}:${nginx.httpsPort}/runcell/ blob:`,
    )
    expect(runner.headers['access-control-allow-origin']).toBe('*')
    expect(runner.headers['x-frame-options']).toBeUndefined()
    expect(runner.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains')
    const wasm = await via('/runcell/sql/sql-wasm-browser.wasm', { host: RUNNER, method: 'HEAD' })
    expect(wasm.headers['content-type']).toBe('application/wasm')
    expect(wasm.headers['access-control-allow-origin']).toBe('*')
    for (const path of ['/', '/admin', '/api/health', '/api/flags']) {
      const other = await via(path, { host: RUNNER })
      expect(other.status, path).toBe(404)
      expect(other.headers['access-control-allow-origin']).toBe('*')
    }
    expect((await via('/runcell/runner.html', { host: RUNNER, method: 'POST', body: '{}' })).status).toBe(403)
  })

  it('answers bursts past the API and ingest limits with 429 and Retry-After before they reach the app', async () => {
    const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now()
      return [await work(), (performance.now() - started) / 1_000]
    }
    const [api, apiSeconds] = await timed(() =>
      Promise.all(Array.from({ length: 60 }, () => via('/api/flags', { from: '127.0.3.1' }))),
    )
    const batch = JSON.stringify({ records: [record()] })
    const [ingest, ingestSeconds] = await timed(() =>
      Promise.all(
        Array.from({ length: 30 }, () => via('/api/executions', { body: batch, from: '127.0.3.2' })),
      ),
    )
    const count = (replies: Reply[], status: number) => replies.filter((r) => r.status === status).length
    console.log(
      `nginx limits: 60 concurrent GET /api/flags in ${apiSeconds.toFixed(2)} s -> ${count(api, 200)} x 200, ` +
        `${count(api, 429)} x 429; 30 concurrent POST /api/executions in ${ingestSeconds.toFixed(2)} s -> ` +
        `${count(ingest, 202)} x 202, ${count(ingest, 429)} x 429`,
    )
    // API: 10 r/s with a burst of 20; ingest: 5 r/s with a burst of 10. What passes is the burst plus what the
    // rate refills while the requests arrive (TLS handshakes on a busy machine can stretch that).
    expect(count(api, 200)).toBeGreaterThanOrEqual(21)
    expect(count(api, 200)).toBeLessThanOrEqual(21 + Math.ceil(10 * apiSeconds))
    expect(count(api, 429)).toBe(60 - count(api, 200))
    expect(count(ingest, 202)).toBeGreaterThanOrEqual(11)
    expect(count(ingest, 202)).toBeLessThanOrEqual(11 + Math.ceil(5 * ingestSeconds))
    expect(count(ingest, 429)).toBe(30 - count(ingest, 202))
    expect(count(api, 429) + count(ingest, 429)).toBeGreaterThan(0)
    const limited = [...api, ...ingest].find((r) => r.status === 429) as Reply
    expect(limited.headers['retry-after']).toBe('1')
    expect(limited.headers['content-type']).toBe('application/problem+json')
    expect(JSON.parse(limited.body)).toMatchObject({ status: 429, title: 'Too many requests' })
    expect(limited.headers['strict-transport-security']).toBeTruthy()
    expect(limited.headers['content-security-policy']).toContain("default-src 'none'")
    // The refused requests never reached an app instance.
    await sleep(50)
    const refused = nginx.accessLog().filter((line) => line.remote === '127.0.3.1' && line.status === 429)
    expect(refused).toHaveLength(count(api, 429))
    expect(refused.every((line) => !fromApp(line.upstream) && line.limit === 'REJECTED')).toBe(true)
  })

  it('keeps /api/metrics to internal addresses', async () => {
    const internal = await via('/api/metrics', { from: '127.0.0.1' })
    expect(internal.status).toBe(200)
    expect(internal.body).toContain('runcell_executions_total')
    expect((await via('/api/metrics', { from: '127.0.3.3' })).status).toBe(403)
  })

  it('tells the app the client address and drops a forged X-Forwarded-For', async () => {
    const denied = await via('/api/admin/audit/enable', {
      method: 'POST',
      from: '127.0.3.4',
      headers: { authorization: 'Bearer wrong', 'x-forwarded-for': '198.51.100.7' },
    })
    expect(denied.status).toBe(401)
    const [latest] = await auditLog(hosts[0]!.url, 1)
    expect(latest).toMatchObject({ action: 'audit.enable', result: 'denied', clientIp: '127.0.3.4' })
  })

  it('spreads requests over both instances, and a switch flipped through one is seen through the other within a second', async () => {
    const off = await via('/api/admin/execution/disable', {
      method: 'POST',
      headers: admin,
      from: '127.0.5.1',
    })
    expect(off.status).toBe(200)
    const flippedAt = Date.now()
    const flippedOn = (await lineOf(off))?.upstream
    const seenOff = new Map<string, number>()
    while (seenOff.size < 2 && Date.now() - flippedAt < 1_000) {
      const reply = await via('/api/flags', { from: '127.0.5.1' })
      const upstream = (await lineOf(reply))?.upstream ?? ''
      const flags = (JSON.parse(reply.body) as { flags: Array<{ key: string; enabled: boolean }> }).flags
      const enabled = flags.find((flag) => flag.key === 'code_execution')?.enabled
      if (fromApp(upstream) && enabled === false && !seenOff.has(upstream))
        seenOff.set(upstream, Date.now() - flippedAt)
      await sleep(40)
    }
    console.log(
      `scale-out: execution switch turned off through ${flippedOn}; seen off through ` +
        [...seenOff].map(([upstream, ms]) => `${upstream} after ${ms} ms`).join(', '),
    )
    expect(seenOff.size).toBe(2)
    expect([...seenOff.keys()]).toContain(flippedOn)
    expect(Math.max(...seenOff.values())).toBeLessThan(1_000)
    const on = await via('/api/admin/execution/enable', { method: 'POST', headers: admin, from: '127.0.5.1' })
    expect(on.status).toBe(200)
  })

  it("holds the app's feedback limit across both instances behind nginx", async () => {
    const body = JSON.stringify({ rating: 3, snippetId: 'nginx/limit' })
    const replies: Reply[] = []
    // nginx lets 11 through at once (1 r/s, burst 10); the app allows 10 a minute per client, in Redis.
    for (let i = 0; i < 11; i++) replies.push(await via('/api/feedback', { body, from: '127.0.6.1' }))
    const upstreams = await Promise.all(replies.map(async (reply) => (await lineOf(reply))?.upstream))
    expect(upstreams.every(fromApp)).toBe(true)
    expect(new Set(upstreams).size).toBe(2)
    expect(replies.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(202))
    expect(replies[10]?.status).toBe(429)
    expect(Number(replies[10]?.headers['retry-after'])).toBeGreaterThan(1)
    const more = await Promise.all(
      Array.from({ length: 3 }, () => via('/api/feedback', { body, from: '127.0.6.1' })),
    )
    expect(more.map((reply) => reply.status)).toContain(429)
    await sleep(50)
    const edge = nginx.accessLog().filter((line) => line.remote === '127.0.6.1' && line.status === 429)
    expect(edge.some((line) => !fromApp(line.upstream) && line.limit === 'REJECTED')).toBe(true)
  })

  it('maintenance.sh flips the app switch through nginx, and turns on the nginx maintenance page', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      ADMIN_TOKEN,
      RUNCELL_URL: `https://127.0.0.1:${nginx.httpsPort}`,
      CURL_CA_BUNDLE: join(nginx.dir, 'fullchain.pem'),
      RUNCELL_ENV_FILE: '/nonexistent',
    }
    const script = (...args: string[]) =>
      spawnSync(join(deployDir, 'maintenance.sh'), [...args, '--actor', 'nginx-test'], {
        env,
        encoding: 'utf8',
      })
    const on = script('on')
    expect(on.status, on.stderr).toBe(0)
    expect(JSON.parse(on.stdout)).toMatchObject({ switch: 'maintenance', enabled: true })
    const ready = await via('/api/readyz', { from: '127.0.8.1' })
    expect(ready.status).toBe(503)
    expect(Number(ready.headers['retry-after'])).toBeGreaterThan(0)
    expect(script('off').status).toBe(0)
    expect((await via('/api/readyz', { from: '127.0.8.1' })).status).toBe(200)
    const [latest] = await auditLog(hosts[0]!.url, 1)
    expect(latest).toMatchObject({ action: 'maintenance.disable', actor: 'token:nginx-test', result: 'ok' })

    expect(script('page', 'on', '--dir', nginx.maintenanceDir).status).toBe(0)
    const page = await via('/', { from: '127.0.8.1' })
    expect(page.status).toBe(503)
    expect(page.headers['retry-after']).toBe('120')
    expect(page.body).toContain('Down for maintenance')
    const ingest = await via('/api/executions', { body: '{"records":[]}', from: '127.0.8.1' })
    expect(ingest.status).toBe(503)
    expect(script('page', 'off', '--dir', nginx.maintenanceDir).status).toBe(0)
    expect((await via('/', { from: '127.0.8.1' })).status).toBe(200)
  })

  it('keeps every acknowledged batch through a PostgreSQL restart; batches in the outage get 503 + Retry-After and are resent', async () => {
    type Sent = { status: number; retryAfter: string | undefined; ids: string[]; at: number }
    const sent: Sent[] = []
    const started = Date.now()
    // Six pages, each with the real browser exporter from @runcell/core, each from its own address.
    const exporters = Array.from({ length: 6 }, (_, i) =>
      createTelemetryExporter({
        url: `https://${SITE}/api/executions`,
        batchSize: 5,
        flushIntervalMs: 250,
        retry: { baseMs: 250, maxMs: 2_000 },
        lifecycleTarget: null,
        fetch: fetchThrough(nginx, `127.0.9.${i + 1}`, (reply, body) => {
          const records = (JSON.parse(body) as { records: Array<{ executionId: string }> }).records
          const retryAfter = reply.headers['retry-after']
          sent.push({
            status: reply.status,
            retryAfter,
            ids: records.map((r) => r.executionId),
            at: Date.now(),
          })
        }),
      }),
    )
    const all: string[] = []
    let n = 0
    const producer = setInterval(() => {
      for (const exporter of exporters) {
        const next = record({ executionId: `durable-${n++}`, timestamp: Date.now() })
        all.push(next.executionId as string)
        exporter.add(next as unknown as ExecutionRecord)
      }
    }, 100)
    await sleep(1_500)
    const downAt = Date.now() - started
    await postgres.stop()
    await sleep(1_500)
    await postgres.start()
    const upAt = Date.now() - started
    await sleep(1_000)
    clearInterval(producer)
    const deadline = Date.now() + 20_000
    // Done when the host acknowledged every record. "Nothing buffered" is not enough: a batch in flight has
    // left the buffer, and a 503 puts it back only when its answer arrives.
    const acknowledgedCount = () => exporters.reduce((sum, e) => sum + e.getStats().sent, 0)
    while (acknowledgedCount() < all.length && Date.now() < deadline) await sleep(100)
    const drainedAt = Date.now() - started
    exporters.forEach((exporter) => exporter.dispose())

    const client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    const { rows } = await client
      .query<{ execution_id: string }>(
        `SELECT execution_id FROM executions WHERE execution_id LIKE 'durable-%'`,
      )
      .finally(() => client.end())
    const stored = new Set(rows.map((row) => row.execution_id))
    const byStatus = (status: number) => sent.filter((s) => s.status === status)
    const outage = byStatus(503)
    console.log(
      `durability: ${all.length} records in ${sent.length} batches; PostgreSQL down at ${downAt} ms, up at ` +
        `${upAt} ms; ${byStatus(202).length} x 202, ${outage.length} x 503 (first ${(outage[0]?.at ?? 0) - started} ms, ` +
        `last ${(outage.at(-1)?.at ?? 0) - started} ms), ${byStatus(429).length} x 429 from nginx; all delivered at ` +
        `${drainedAt} ms; ${stored.size} rows stored`,
    )
    // Every batch the host acknowledged is in the table.
    const acknowledged = byStatus(202).flatMap((s) => s.ids)
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
    // The outage answered 503 with Retry-After, nothing else went wrong.
    expect(outage.length).toBeGreaterThan(0)
    expect(outage.every((s) => Number(s.retryAfter) > 0)).toBe(true)
    expect(sent.every((s) => [202, 429, 503].includes(s.status))).toBe(true)
    // And the exporter resent what was refused: every record made it, none was dropped.
    expect(all.filter((id) => !stored.has(id))).toEqual([])
    expect(exporters.every((e) => e.getStats().dropped === 0)).toBe(true)
  })
})
