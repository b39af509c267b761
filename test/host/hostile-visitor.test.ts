import { rmSync } from 'node:fs'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, ensureBuilt, startHost, tempDataDir, type HostApp } from './support/host-app'
import { admin, post, record } from './support/http'
import { hostFetch } from './support/host-fetch'
import { startReceiver, type AlertReceiver } from './support/receiver'

const SITE = 'https://runcell.example.com'

/** GET with a Host header of the caller's choosing (fetch keeps Host to the URL's). */
function getWithHost(
  url: string,
  host: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, connection: 'close' } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Why a start failed, or null when it started (then it is stopped). */
async function startFailure(env: Record<string, string>): Promise<string | null> {
  const started = await startHost({ RUNCELL_DATA_DIR: tempDataDir(), ...env }).then(
    (host) => host,
    (error: Error) => error.message,
  )
  if (typeof started === 'string') return started
  await started.stop()
  return null
}

// Issue 14 §6: what a visitor with curl can do to the reference host. The host trusts 127.0.0.1 as its proxy,
// so each test speaks for a client address of its own through X-Forwarded-For.
describe('reference host under a hostile visitor', () => {
  let receiver: AlertReceiver
  let host: HostApp
  const dataDir = tempDataDir()

  beforeAll(async () => {
    ensureBuilt()
    receiver = await startReceiver()
    host = await startHost({
      RUNCELL_DATA_DIR: dataDir,
      RUNCELL_TRUSTED_PROXIES: '127.0.0.1',
      NEXT_PUBLIC_APP_URL: SITE,
      SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
      PAGERDUTY_INTEGRATION_KEY: 'test-routing-key-123',
      PAGERDUTY_EVENTS_URL: `${receiver.url}/pagerduty`,
    })
  })
  afterAll(async () => {
    await host?.stop()
    receiver?.server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('takes five forged crash records without paging on-call or marking the host unhealthy', async () => {
    const crashes = Array.from({ length: 5 }, () =>
      record({ outcome: 'crash', success: false, errorName: 'EngineCrash' }),
    )
    const response = await post(
      `${host.url}/api/executions`,
      { records: crashes },
      { 'x-forwarded-for': '198.51.100.5' },
    )
    expect(response.status).toBe(202)
    // The health check runs every second and alerts on a change: give it three.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const health = (await (await hostFetch(`${host.url}/api/health`)).json()) as { status: string }
    expect(health.status).toBe('pass')
    expect(receiver.received).toEqual([])
  })

  it('maps user-chosen error names to a known set, and shows the summary to admins only', async () => {
    const forged = record({
      outcome: 'error',
      success: false,
      errorName: '<img src=x onerror=alert(1)>PWNED',
    })
    const known = record({ outcome: 'error', success: false, errorName: 'ZeroDivisionError' })
    const ingest = await post(
      `${host.url}/api/executions`,
      { records: [forged, known] },
      { 'x-forwarded-for': '198.51.100.6' },
    )
    expect(ingest.status).toBe(202)
    const anonymous = await hostFetch(`${host.url}/api/metrics/summary`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).not.toContain('PWNED')
    const summary = await (await hostFetch(`${host.url}/api/metrics/summary`, { headers: admin })).text()
    expect(summary).not.toContain('PWNED')
    expect(summary).toContain('OtherError')
    expect(summary).toContain('ZeroDivisionError')
  })

  it('refuses even the right admin token with 429 once a client has failed 20 times in a minute', async () => {
    const from = (ip: string, token: string) =>
      hostFetch(`${host.url}/api/admin/state`, {
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
      })
    const guesses = await Promise.all(
      Array.from({ length: 25 }, (_, i) => from('198.51.100.7', `guess-${i}`)),
    )
    expect(guesses.map((r) => r.status).filter((status) => status === 429).length).toBeGreaterThanOrEqual(5)
    expect((await from('198.51.100.7', ADMIN_TOKEN)).status).toBe(429)
    // Another client is not locked out.
    expect((await from('198.51.100.8', ADMIN_TOKEN)).status).toBe(200)
  })

  it('rate-limits feedback per IPv6 /64, not per address', async () => {
    const statuses: number[] = []
    for (let i = 1; i <= 11; i++) {
      const response = await post(
        `${host.url}/api/feedback`,
        { rating: 5, snippetId: 'ipv6-test' },
        { 'x-forwarded-for': `2001:db8:77:1::${i.toString(16)}` },
      )
      statuses.push(response.status)
    }
    expect(statuses.slice(0, 10).every((status) => status === 202)).toBe(true)
    expect(statuses[10]).toBe(429)
    // The neighbouring /64 has its own bucket.
    const neighbour = await post(
      `${host.url}/api/feedback`,
      { rating: 5, snippetId: 'ipv6-test' },
      { 'x-forwarded-for': '2001:db8:77:2::1' },
    )
    expect(neighbour.status).toBe(202)
  })

  it("builds runner.html's CSP from NEXT_PUBLIC_APP_URL, never from the Host header", async () => {
    const { status, headers } = await getWithHost(`${host.url}/runcell/runner.html`, 'evil.example')
    expect(status).toBe(200)
    const csp = String(headers['content-security-policy'])
    // Scripts load from the site's assets path only; the runner has no network at all.
    expect(csp).toContain(`script-src ${SITE}/runcell/ blob:`)
    expect(csp).toContain("connect-src 'none'")
    expect(csp).not.toContain('evil.example')
  })

  it('refuses to start with the .env.example ADMIN_TOKEN or a guessable one, naming the variable', async () => {
    for (const token of ['change-me-to-a-random-secret-of-48-hex-chars', 'passwordpasswordpassword']) {
      const failure = await startFailure({ ADMIN_TOKEN: token })
      expect(failure).toContain('ADMIN_TOKEN is a placeholder or too easy to guess')
      expect(failure).not.toContain(token)
    }
  })

  it('refuses the sandbox and network settings that would promise a weaker runner, saying why', async () => {
    const failure = await startFailure({
      NEXT_PUBLIC_SANDBOX_MODE: 'relaxed',
      NEXT_PUBLIC_NETWORK_ACCESS_BLOCKED: 'false',
    })
    expect(failure).toContain('NEXT_PUBLIC_SANDBOX_MODE accepts only strict')
    expect(failure).toContain('NEXT_PUBLIC_NETWORK_ACCESS_BLOCKED accepts only true')
  })
})
