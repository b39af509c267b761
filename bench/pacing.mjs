// A paced origin: a proxy in front of one of the bench's static servers that behaves like a reader's 4G link to
// a production deployment. Every response waits `latencyMs` before its first byte, and every body goes through
// one shared token bucket per origin (20 Mbit/s), so parallel downloads share the bandwidth as they would on
// one radio link. Bodies carry the Content-Encoding production would give them (see `productionEncoding`).
// Each response is logged with its encoded size and timing, on the epoch clock the page can also read
// (performance.timeOrigin + now), which is what the waterfall and the byte counts are made of.
import { createServer, request as httpRequest } from 'node:http'
import { gzipSync } from 'node:zlib'

/** 20 Mbit/s in bytes per millisecond. */
export const RATE_4G = 20e6 / 8 / 1000
/** Added before each response's first byte. */
export const LATENCY_4G_MS = 40
const CHUNK = 16 * 1024
/** What Chromium sends for fetches and subresources. */
const CHROMIUM_ACCEPT_ENCODING = 'gzip, deflate, br, zstd'
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const epoch = () => performance.timeOrigin + performance.now()

/**
 * The Content-Encoding of the production setup (docs/self-hosting.md, apps/host/deploy/nginx): nginx proxies
 * /runcell/ to the host app without compressing (the image's default `gzip off`), and the app's `next start`
 * compresses with Next's `compress: true`, i.e. the `compression` package: gzip at zlib's default level 6 for
 * bodies of 1 KB or more whose type mime-db calls compressible. So `.wasm`, `.js`, `.mjs`, `.json` and
 * `.html` travel gzipped; `python_stdlib.zip` and the snapshot (application/zip, application/octet-stream)
 * travel as they are.
 */
export function productionEncoding(type, body, acceptEncoding) {
  const compressible = /^(text\/|application\/(wasm|json|javascript))/.test(type ?? '')
  if (!compressible || body.length < 1024 || !/\bgzip\b/.test(acceptEncoding ?? ''))
    return { encoding: null, body }
  return { encoding: 'gzip', body: gzipSync(body, { level: 6 }) }
}

/** One origin's link: transmissions are serialised, so concurrent responses share its rate. */
class Link {
  constructor(rate) {
    this.rate = rate
    this.free = 0
  }

  /** Resolves when `bytes` have crossed the link after everything queued before them. */
  async carry(bytes) {
    const now = performance.now()
    this.free = Math.max(now, this.free) + bytes / this.rate
    const wait = this.free - now
    if (wait >= 1) await sleep(wait)
  }
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = []
    stream.on('data', (chunk) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

function forward(upstream, req) {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: upstream.host, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      resolve,
    )
    out.on('error', reject)
    req.pipe(out)
  })
}

/**
 * Starts a paced origin on `host` (the name makes the origin: '127.0.0.1' or 'localhost'). Call
 * `route(upstreamPort)` before the first request. `log` holds one entry per response:
 * { path, status, encoding, bytes, start, firstByte, end, chunks: [[epochMs, bytes]] }.
 */
export async function startPacedOrigin({
  host,
  rate = RATE_4G,
  latencyMs = LATENCY_4G_MS,
  encode = productionEncoding,
}) {
  const link = new Link(rate)
  const log = []
  const cache = new Map()
  let upstream = null
  // Encoding is cached per URL, size and accepted encodings, as a CDN would keep it: the bench times the
  // network, not gzip at level 6 of a 9.6 MB wasm on a shared machine. `prime` fills the cache untimed.
  const encoded = async (req, answer) => {
    const body = await readBody(answer)
    const accepts = (req.headers['accept-encoding'] ?? '').replace(/\s|;q=[\d.]+/g, '')
    const key = `${req.url}|${body.length}|${accepts}`
    let coded = cache.get(key)
    if (!coded) {
      coded = encode(answer.headers['content-type'], body, accepts, req.url)
      cache.set(key, coded)
    }
    return coded
  }
  const server = createServer(async (req, res) => {
    const entry = { path: req.url, status: 0, encoding: null, bytes: 0, start: epoch(), chunks: [] }
    log.push(entry)
    try {
      const answer = await forward(upstream, req)
      const coded = await encoded(req, answer)
      const headers = { ...answer.headers }
      delete headers['content-length']
      delete headers['transfer-encoding']
      if (coded.encoding) {
        headers['content-encoding'] = coded.encoding
        headers.vary = 'Accept-Encoding'
      }
      headers['content-length'] = String(coded.body.length)
      await sleep(latencyMs)
      res.writeHead(answer.statusCode ?? 502, headers)
      entry.status = answer.statusCode
      entry.encoding = coded.encoding
      const head = Object.entries(headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 20)
      await link.carry(head)
      entry.chunks.push([epoch(), head])
      entry.firstByte = epoch()
      for (let at = 0; at < coded.body.length; at += CHUNK) {
        const piece = coded.body.subarray(at, at + CHUNK)
        await link.carry(piece.length)
        if (res.destroyed) break
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve))
        entry.chunks.push([epoch(), piece.length])
      }
      entry.bytes = entry.chunks.reduce((n, [, bytes]) => n + bytes, 0)
      res.end()
    } catch (error) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(String(error))
    } finally {
      entry.end = epoch()
    }
  })
  await new Promise((resolve) => server.listen(0, host, resolve))
  const port = server.address().port
  return {
    port,
    url: `http://${host}:${port}`,
    log,
    route: (upstreamPort) => (upstream = { host, port: upstreamPort }),
    /** Encodes the files at `paths` ahead of time, for a browser that accepts `acceptEncoding`. */
    prime: async (paths, acceptEncoding = CHROMIUM_ACCEPT_ENCODING) => {
      for (const path of paths) {
        const req = { url: path, method: 'GET', headers: { 'accept-encoding': acceptEncoding } }
        const answer = await forward(upstream, Object.assign(req, { pipe: (out) => out.end() }))
        await encoded(req, answer)
      }
    },
    /** Bytes this origin sent up to `until` (epoch ms), and since `since`. */
    bytesBetween: (since, until) =>
      log
        .flatMap((entry) => entry.chunks)
        .filter(([t]) => t >= since && t <= until)
        .reduce((n, [, bytes]) => n + bytes, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
