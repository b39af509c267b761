import { afterEach, describe, expect, test, vi } from 'vitest'
import { MANIFEST_FILE } from '../protocol/manifest.js'
import { EngineFileSource } from './engine-file-source.js'

const SHA = 'a'.repeat(64)
const SNAPSHOT = 'pyodide/runcell-snapshot.bin.gz'
const WASM = 'pyodide/pyodide.asm.wasm'
const STDLIB = 'pyodide/python_stdlib.runcell.zip'
const MANIFEST = {
  engines: { pyodide: '314.0.7', sqljs: '1.16.0' },
  files: Object.fromEntries(
    [WASM, STDLIB, SNAPSHOT].map((path) => [path, { sha256: SHA, bytes: 1, language: 'python' }]),
  ),
  snapshot: { path: SNAPSHOT, pyodide: '314.0.7' },
}
const MB = 1_000_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A body of `chunks` 1 MB chunks, `gapMs` apart. */
function body(chunks: number, gapMs: number): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    async pull(controller) {
      if (sent > 0 && gapMs > 0) await sleep(gapMs)
      controller.enqueue(new Uint8Array(MB))
      if (++sent === chunks) controller.close()
    },
  })
}

let site = 0

/** A source on a fresh assets origin (downloads and link meters are shared per origin) and a recording fetch. */
function setUp({ gapMs, connection }: { gapMs: number; connection?: object }) {
  const base = `https://assets${++site}.example/runcell/`
  const requested: string[] = []
  vi.stubGlobal('document', { baseURI: 'https://site.example/docs/' })
  vi.stubGlobal('navigator', { connection })
  vi.stubGlobal('fetch', async (url: string) => {
    const path = url.slice(base.length)
    if (path === MANIFEST_FILE) return new Response(JSON.stringify(MANIFEST))
    requested.push(path)
    return new Response(body(path === SNAPSHOT ? 1 : 2, gapMs))
  })
  return { source: new EngineFileSource(base, false), requested }
}

/** Asks for the files as the runner does, all at once, the snapshot last. */
function askAll(source: EngineFileSource) {
  return Promise.all([WASM, STDLIB, SNAPSHOT].map((path) => source.file(path)))
}

describe('EngineFileSource: the memory snapshot only on a fast link', () => {
  afterEach(() => vi.unstubAllGlobals())

  test('a fast link (the engine files arrive at once) gets the snapshot', async () => {
    const { source, requested } = setUp({ gapMs: 0 })
    const [wasm, stdlib, snapshot] = await askAll(source)
    expect(wasm?.size).toBe(2 * MB)
    expect(stdlib?.size).toBe(2 * MB)
    expect(snapshot?.size).toBe(1 * MB)
    expect(requested).toContain(SNAPSHOT)
    expect(source.declined(SNAPSHOT)).toBe(false)
  })

  test('a slow link (two files of 2 MB, each 1 MB then 1 MB 800 ms later: 5 MB/s) gets no snapshot, and it is never downloaded', async () => {
    const { source, requested } = setUp({ gapMs: 800 })
    const [wasm, stdlib, snapshot] = await askAll(source)
    expect(wasm?.size).toBe(2 * MB)
    expect(stdlib?.size).toBe(2 * MB)
    expect(snapshot).toBeNull()
    expect(requested).not.toContain(SNAPSHOT)
    // Declined, not failed: the runner starts Python without it and reports nothing.
    expect(source.declined(SNAPSHOT)).toBe(true)
    expect(source.declined(WASM)).toBe(false)
    // The verdict holds for the page: a respawn asking again gets no snapshot either.
    expect(await source.file(SNAPSHOT)).toBeNull()
  })

  test('a reader who asked to save data gets no snapshot, even on a fast link', async () => {
    const { source, requested } = setUp({ gapMs: 0, connection: { saveData: true, effectiveType: '4g' } })
    const [, , snapshot] = await askAll(source)
    expect(snapshot).toBeNull()
    expect(requested).not.toContain(SNAPSHOT)
  })

  test('with no other engine file downloading, the snapshot is fetched as before', async () => {
    const { source, requested } = setUp({ gapMs: 800 })
    expect((await source.file(SNAPSHOT))?.size).toBe(1 * MB)
    expect(requested).toEqual([SNAPSHOT])
  })
})

describe('EngineFileSource: Cache Storage keeps the current version only', () => {
  afterEach(() => vi.unstubAllGlobals())

  const OTHER_SHA = 'b'.repeat(64)

  /** A Cache Storage with one cache, holding `entries` (URL → body) to start with. */
  function fakeCaches(entries: Record<string, string>) {
    const stored = new Map<string, Response>(
      Object.entries(entries).map(([url, text]) => [url, new Response(text)]),
    )
    const cache = {
      match: async (key: string) => stored.get(key)?.clone(),
      put: async (key: string, response: Response) => void stored.set(key, response),
      keys: async () => [...stored.keys()].map((url) => ({ url })),
      delete: async (request: { url: string }) => stored.delete(request.url),
    }
    vi.stubGlobal('caches', { open: async () => cache })
    return stored
  }

  /** A persisting source whose manifest says each file has `bytes` bytes; the server sends 3-byte bodies. */
  function setUp(bytes: number) {
    const base = `https://assets${++site}.example/runcell/`
    const manifest = {
      engines: MANIFEST.engines,
      files: { [WASM]: { sha256: SHA, bytes, language: 'python' } },
    }
    vi.stubGlobal('document', { baseURI: 'https://site.example/docs/' })
    vi.stubGlobal('navigator', {})
    vi.stubGlobal('fetch', async (url: string) =>
      url.endsWith(MANIFEST_FILE) ? new Response(JSON.stringify(manifest)) : new Response('abc'),
    )
    return { base, source: new EngineFileSource(base, true) }
  }

  const settled = () => sleep(20)

  test('a downloaded file with the size the manifest names is kept under its sha-256', async () => {
    const stored = fakeCaches({})
    const { base, source } = setUp(3)
    expect((await source.file(WASM))?.size).toBe(3)
    await settled()
    expect([...stored.keys()]).toEqual([`${base}${WASM}?runcell-sha256=${SHA}`])
  })

  test('a file of another size (a stale copy from an HTTP cache or CDN) is used once but never kept', async () => {
    const stored = fakeCaches({})
    const { source } = setUp(4)
    expect((await source.file(WASM))?.size).toBe(3)
    await settled()
    expect([...stored.keys()]).toEqual([])
  })

  test("other versions' files under this assets folder are dropped; other folders and current files stay", async () => {
    const { base, source } = setUp(3)
    const current = `${base}${WASM}?runcell-sha256=${SHA}`
    const elsewhere = `https://other.example/runcell/${WASM}?runcell-sha256=${OTHER_SHA}`
    const stored = fakeCaches({
      [current]: 'abc',
      [`${base}${WASM}?runcell-sha256=${OTHER_SHA}`]: 'old',
      [`${base}pyodide/python_stdlib.zip?runcell-sha256=${OTHER_SHA}`]: 'gone',
      [elsewhere]: 'theirs',
    })
    expect(await (await source.file(WASM))?.text()).toBe('abc')
    await settled()
    expect([...stored.keys()].sort()).toEqual([current, elsewhere].sort())
  })

  test('a later file an earlier visit kept is read from Cache Storage as the engine starts, never downloaded early', async () => {
    const LATER = 'pyodide/python_stdlib.runcell-later.zip'
    for (const kept of [true, false]) {
      const base = `https://assets${++site}.example/runcell/`
      const file = { sha256: SHA, bytes: 3, language: 'python' }
      const manifest = { engines: MANIFEST.engines, files: { [WASM]: file, [LATER]: file } }
      const fetched: string[] = []
      vi.stubGlobal('document', { baseURI: 'https://site.example/docs/' })
      vi.stubGlobal('navigator', {})
      vi.stubGlobal('fetch', async (url: string) => {
        if (url.endsWith(MANIFEST_FILE)) return new Response(JSON.stringify(manifest))
        fetched.push(url.slice(base.length))
        return new Response('abc')
      })
      const stored = fakeCaches(kept ? { [`${base}${LATER}?runcell-sha256=${SHA}`]: 'old' } : {})
      const source = new EngineFileSource(base, true)
      source.prefetch('python')
      await settled()
      expect(fetched).not.toContain(LATER)
      // Read already: what Cache Storage holds from now on no longer matters.
      stored.clear()
      // The runner's ask, once the engine is ready: the kept copy, or a download.
      expect(await (await source.file(LATER))?.text()).toBe(kept ? 'old' : 'abc')
      expect(fetched.includes(LATER)).toBe(!kept)
    }
  })
})
