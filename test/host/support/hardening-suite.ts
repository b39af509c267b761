import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { ADMIN_TOKEN, type HostApp } from './host-app'
import { admin, expectApiSecurityHeaders, post, record } from './http'
import { ensureCommand } from './services'
import { hostFetch } from './host-fetch'

// A small deterministic PRNG (mulberry32), so a failing fuzz case can be replayed.
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function fuzzValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 6 : 9))
  const strings = ['', 'python', '__proto__', 'constructor', '\u0000', '💥'.repeat(50), 'x'.repeat(5_000)]
  switch (pick) {
    case 0:
      return null
    case 1:
      return random() > 0.5
    case 2:
      return [0, -1, 1e308, -1e-9, 2 ** 53 + 1, 3.5][Math.floor(random() * 6)]
    case 3:
      return strings[Math.floor(random() * strings.length)]
    case 4:
      return Math.floor(random() * 1e6)
    case 5:
      return 'ok'
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => fuzzValue(random, depth + 1))
    default: {
      const keys = [
        'records',
        'rating',
        'comment',
        'snippetId',
        'key',
        'enabled',
        'version',
        'language',
        '__proto__',
      ]
      const out: Record<string, unknown> = {}
      for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
        out[keys[Math.floor(random() * keys.length)] as string] = fuzzValue(random, depth + 1)
      }
      return out
    }
  }
}

const RAW = [
  '',
  '{',
  '{"records":',
  'null',
  '[]',
  '"str"',
  '{"records":[1,2,3]}',
  '\u0000\u0001',
  '{"a":1}{"b":2}',
  'NaN',
]

/** Bad input, headers and the ops surface: the same for every storage setup. */
export function hardeningSuite(host: () => HostApp): void {
  it('answers fuzzed and malformed JSON bodies with 4xx, never 5xx', async () => {
    const random = rng(20_261_126)
    const targets: Array<[string, Record<string, string>]> = [
      ['/api/executions', {}],
      ['/api/feedback', { 'x-forwarded-for': '203.0.113.9' }],
      ['/api/admin/flags', admin],
      ['/api/admin/flags/some_flag/rollback', admin],
    ]
    const statuses = new Set<number>()
    for (let i = 0; i < 160; i++) {
      const [path, headers] = targets[i % targets.length] as [string, Record<string, string>]
      const body = i < RAW.length * 2 ? (RAW[i % RAW.length] as string) : JSON.stringify(fuzzValue(random))
      const response = await post(`${host().url}${path}`, body, headers)
      statuses.add(response.status)
      // A random body can happen to be valid (feedback with a snippetId and a comment); it must never be a 5xx.
      expect(response.status, `${path} with ${body.slice(0, 80)}`).toBeLessThan(500)
      if (i < RAW.length * 2)
        expect(response.status, `${path} with ${body.slice(0, 80)}`).toBeGreaterThanOrEqual(400)
      expect(await response.text()).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node_modules/)
    }
    expect(statuses.has(400)).toBe(true)
    expect([...statuses].every((status) => status < 500)).toBe(true)
    const wrongType = await post(`${host().url}/api/executions`, '{}', { 'content-type': 'application/xml' })
    expect(wrongType.status).toBe(415)
  })

  it('answers a 10 MB body with 413', async () => {
    const big = JSON.stringify({ records: [record({ codeHash: 'x'.repeat(10 * 1024 * 1024) })] })
    for (const path of ['/api/executions', '/api/feedback', '/api/admin/flags']) {
      // A kept-alive request, unlike hostFetch's: the app answers before reading the body, and Node then reads
      // the rest and throws it away to keep the connection, where with "connection: close" it resets the
      // socket under a client still sending. (No socket is stale here: hostFetch left none idle.)
      const response = await fetch(`${host().url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(path.includes('admin') ? admin : {}) },
        body: big,
      }).catch((error: Error) => ({ status: `network error ${error.message}` }))
      expect(response.status, path).toBe(413)
    }
  })

  it('gives host pages a fresh CSP nonce per response, framing denied, and the runner its own embeddable CSP', async () => {
    const [a, b] = await Promise.all([hostFetch(`${host().url}/`), hostFetch(`${host().url}/`)])
    const nonceOf = (r: Response) =>
      /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonceOf(a)).toBeTruthy()
    expect(nonceOf(a)).not.toBe(nonceOf(b))
    expect(a.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(a.headers.get('x-content-type-options')).toBe('nosniff')
    expect(a.headers.get('referrer-policy')).toBeTruthy()
    expect(a.headers.get('permissions-policy')).toContain('camera=()')
    const html = await a.text()
    expect(html).toContain(`nonce="${nonceOf(a)}"`)
    // The demo snippets are server-rendered (code and pre-rendered output) before any script runs.
    expect(html).toContain('class="rc-runner"')
    expect(html).not.toMatch(/https?:\/\/(fonts|cdn)\./)

    const runner = await hostFetch(`${host().url}/runcell/runner.html`)
    expect(runner.status).toBe(200)
    // The whole policy, written out: the runner fetches nothing itself (the host page hands it every file), so
    // it gets no network at all, and scripts only from the assets path, never the site's /api/.
    expect(runner.headers.get('content-security-policy')).toBe(
      [
        'sandbox allow-scripts',
        "default-src 'none'",
        `script-src http://127.0.0.1:${host().port}/runcell/ blob: data: 'wasm-unsafe-eval'`,
        'worker-src blob:',
        "connect-src 'none'",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
    )
    expect(runner.headers.get('access-control-allow-origin')).toBe('*')
    expect(runner.headers.get('x-frame-options')).toBeNull()
    const wasm = await hostFetch(`${host().url}/runcell/pyodide/pyodide.asm.wasm`, { method: 'HEAD' })
    expect(wasm.headers.get('content-type')).toBe('application/wasm')
    expect((await hostFetch(`${host().url}/runcell/../package.json`)).status).toBe(404)
    expect((await hostFetch(`${host().url}/runcell/nope.js`)).status).toBe(404)
  })

  it('gives the answers Next makes on its own for /api/ (405, OPTIONS) the API security headers', async () => {
    const wrongMethod = await hostFetch(`${host().url}/api/flags`, { method: 'DELETE' })
    const options = await hostFetch(`${host().url}/api/flags`, { method: 'OPTIONS' })
    expect(wrongMethod.status).toBe(405)
    expect(options.headers.get('allow')).toContain('GET')
    for (const response of [wrongMethod, options]) expectApiSecurityHeaders(response)
    // A handler's response keeps its own headers and gets the security headers, each once.
    const flags = await hostFetch(`${host().url}/api/flags`)
    expectApiSecurityHeaders(flags)
    expect(flags.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
  })

  it('logs in to /admin with the token into an httpOnly session cookie', async () => {
    const login = await hostFetch(`${host().url}/admin`)
    expect(await login.text()).toContain('Admin token')
    const form = new URLSearchParams({ name: 'alice', token: ADMIN_TOKEN })
    const signedIn = await hostFetch(`${host().url}/api/admin/session`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    })
    expect(signedIn.status).toBe(303)
    const cookie = signedIn.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const page = await hostFetch(`${host().url}/admin`, {
      headers: { cookie: cookie.split(';')[0] as string },
    })
    const html = await page.text()
    expect(html).toMatch(/Signed in as (<!-- -->)?alice/)
    expect(html).toContain('Audit log')
    const bad = new URLSearchParams({ token: 'wrong' })
    const refused = await hostFetch(`${host().url}/api/admin/session`, {
      method: 'POST',
      body: bad,
      redirect: 'manual',
    })
    expect(refused.headers.get('location')).toBe('/admin?error=1')
    expect(refused.headers.get('set-cookie')).toBeNull()
  })

  it('serves metrics that promtool check metrics accepts', async (context) => {
    if (!ensureCommand('promtool', 'prometheus')) {
      context.skip('promtool is missing and apt could not install the prometheus package')
    }
    const text = await (await hostFetch(`${host().url}/api/metrics`)).text()
    expect(text).toContain('runcell_execution_duration_seconds_bucket')
    expect(text).toContain('process_cpu_seconds_total')
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('')
    expect(result.status).toBe(0)
  })

  it('writes JSON request logs with ids and durations, and never the token or a cookie', async () => {
    const lines = host()
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const request = lines.find((line) => line.route === '/api/executions')
    expect(request).toMatchObject({ method: 'POST', status: 202 })
    expect(typeof request?.reqId).toBe('string')
    expect(typeof request?.ms).toBe('number')
    expect(host().output()).not.toContain(ADMIN_TOKEN)
    expect(host().output()).not.toMatch(/runcell_admin=|Bearer /)
  })
}
