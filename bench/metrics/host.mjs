// host_health_rps and host_ingest_p99_ms: the host app (apps/host, already built) under autocannon on
// 127.0.0.1, bounded in time. Health is compared with a bare Node http server answering the same JSON.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { pending, result } from '../stats.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const HEALTH = { metric: 'host_health_rps', target: 0.5, targetOn: 'ratio', unit: 'req/s', better: 'higher' }
const INGEST = { metric: 'host_ingest_p99_ms', target: 50, targetOn: 'value', unit: 'ms' }

function load(options) {
  return new Promise((resolve, reject) =>
    autocannon({ connections: 10, ...options }, (error, out) => (error ? reject(error) : resolve(out))),
  )
}

async function waitFor(url, ms) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url)
      if (response.ok) return response.text()
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return null
}

/** Starts the built host app with its embedded defaults and a throwaway data folder. */
async function startHost(port) {
  // The host's own server (front door, then Next), as npm start runs it.
  const child = spawn(process.execPath, [join(root, 'apps', 'host', 'dist', 'server', 'main.js')], {
    cwd: join(root, 'apps', 'host'),
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      RUNCELL_DATA_DIR: mkdtempSync(join(tmpdir(), 'runcell-bench-host-')),
      // The bench stands in for nginx: each batch comes from another reader's address (see below).
      RUNCELL_TRUSTED_PROXIES: '127.0.0.1',
    },
    stdio: 'ignore',
  })
  const body = await waitFor(`http://127.0.0.1:${port}/api/health`, 60_000)
  return { child, body }
}

function batch(size) {
  const now = Date.now()
  const records = Array.from({ length: size }, (_, i) => ({
    timestamp: now - i * 100,
    executionId: `bench-${now}-${i}`,
    language: ['python', 'sql', 'javascript'][i % 3],
    duration: 20 + (i % 50),
    success: i % 10 !== 0,
    codeSize: 120 + i,
    codeHash: `h${i % 40}`,
    outcome: i % 10 === 0 ? 'error' : 'ok',
    queueMs: i % 5,
    engineVersion: '314.0.7',
  }))
  return JSON.stringify({ records })
}

export async function hostApp({ seconds }) {
  const port = 45_000 + Math.floor(Math.random() * 1000)
  const { child, body } = await startHost(port)
  if (body === null) {
    child.kill()
    const reason = 'apps/host did not answer /api/health within 60 s (is it built? npm run build)'
    return [pending({ ...HEALTH, reason }), pending({ ...INGEST, reason })]
  }
  const bare = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/health+json', 'cache-control': 'no-store' })
    res.end(body)
  })
  await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve))
  try {
    const ours = await load({ url: `http://127.0.0.1:${port}/api/health`, duration: seconds })
    const theirs = await load({
      url: `http://127.0.0.1:${bare.address().port}/api/health`,
      duration: seconds,
    })
    // Realistic batches (the exporter's default of 50 records) from many readers: the per-address rate
    // limit applies to each reader, as behind nginx, so a rotating X-Forwarded-For stands in for them.
    let reader = 0
    const payload = batch(50)
    const ingest = await load({
      url: `http://127.0.0.1:${port}/api/executions`,
      duration: seconds,
      method: 'POST',
      requests: [
        {
          setupRequest: (request) => {
            reader = (reader + 1) % 60_000
            return {
              ...request,
              body: payload,
              headers: {
                'content-type': 'application/json',
                'x-forwarded-for': `10.${(reader >> 8) & 255}.${reader & 255}.${1 + (reader % 200)}`,
              },
            }
          },
        },
      ],
    })
    const failed = ingest.non2xx + ingest.errors
    return [
      result({
        ...HEALTH,
        value: ours.requests.average,
        baseline: theirs.requests.average,
        note: `${seconds} s each, 10 connections: /api/health of the host app vs a bare Node http server with the same JSON`,
      }),
      result({
        ...INGEST,
        value: ingest.latency.p99,
        note: `${seconds} s, 10 connections, batches of 50 records; ${ingest.requests.total} batches, ${failed} not 2xx; mean ${ingest.latency.average} ms`,
      }),
    ]
  } finally {
    bare.close()
    child.kill()
  }
}
