import { createHash } from 'node:crypto'
import { afterEach, expect, test, vi } from 'vitest'
import { PackageIndex, withoutHeld } from './python-packages.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** An index of `count` packages `p0`, `p1`, … whose wheels are 8 bytes each; records the wheel requests. */
function stubIndex(count: number) {
  const base = 'https://index.example/full/'
  const wheel = (i: number) => new Uint8Array(8).fill(i + 1)
  const packages = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `p${i}`,
      {
        name: `p${i}`,
        file_name: `p${i}-1.0-py3-none-any.whl`,
        sha256: sha256(wheel(i)),
        imports: [`p${i}`],
      },
    ]),
  )
  const fetched: string[] = []
  vi.stubGlobal('document', { baseURI: 'https://site.example/' })
  vi.stubGlobal('fetch', async (url: string) => {
    if (url.endsWith('pyodide-lock.json')) return new Response(JSON.stringify({ packages }))
    fetched.push(url.slice(base.length))
    const i = Number(/^p(\d+)-/.exec(url.slice(base.length))?.[1])
    return new Response(wheel(i))
  })
  return { indexUrl: base, fetched }
}

afterEach(() => vi.unstubAllGlobals())

test('once the wheels a page holds reach its byte limit, further packages fail with a sentence naming it, unfetched', async () => {
  const { indexUrl, fetched } = stubIndex(4)
  const budget = { limit: 16, used: 0 }
  const index = new PackageIndex({ indexUrl, allow: 'any' }, false, budget)
  const ask = (name: string) => index.answer({ imports: [], packages: [name] })
  expect(await ask('p0')).toMatchObject({ wheels: [{ name: 'p0' }] })
  expect(await ask('p1')).toMatchObject({ wheels: [{ name: 'p1' }] })
  expect(budget.used).toBe(16)
  const refused = await ask('p2')
  expect(refused).toMatchObject({ failure: { package: 'p2', reason: 'download-failed' } })
  expect('failure' in refused && refused.failure.message).toMatch(
    /already loaded 0 MB of packages, its limit/,
  )
  expect(fetched).toEqual(['p0-1.0-py3-none-any.whl', 'p1-1.0-py3-none-any.whl'])
  // A wheel the page already holds costs nothing more and is still handed over.
  expect(await ask('p0')).toMatchObject({ wheels: [{ name: 'p0' }] })
})

test('an answer leaves out the bytes of the wheels the runner holds, and only those', () => {
  const wheel = (name: string, sum: string) => ({
    name,
    fileName: `${name}-1.0-py3-none-any.whl`,
    installDir: 'site',
    sha256: sum.repeat(64),
    bytes: new ArrayBuffer(2),
  })
  const answer = { wheels: [wheel('a', 'a'), wheel('b', 'b')] }
  const { bytes: _bytes, ...a } = wheel('a', 'a')
  expect(withoutHeld(answer, ['a'.repeat(64)])).toEqual({ wheels: [a, wheel('b', 'b')] })
  expect(withoutHeld(answer, [])).toBe(answer)
  const failure = { failure: { package: 'x', reason: 'not-in-index' as const, message: 'x' } }
  expect(withoutHeld(failure, ['a'.repeat(64)])).toBe(failure)
})

test('a page that never imported a package preloads nothing and reads nothing, not even the lock file', async () => {
  const { indexUrl, fetched } = stubIndex(2)
  const read: string[] = []
  let locks = 0
  vi.stubGlobal('location', { pathname: '/docs/page' })
  vi.stubGlobal('caches', {
    open: async () => ({ match: async (key: string) => (read.push(key), undefined), put: async () => {} }),
  })
  const counting = globalThis.fetch
  vi.stubGlobal('fetch', async (url: string) => {
    if (url.endsWith('pyodide-lock.json')) locks += 1
    return counting(url)
  })
  const index = new PackageIndex({ indexUrl, allow: 'any' }, true)
  expect(await index.preload()).toEqual([])
  expect(read).toEqual([`${indexUrl}pyodide-lock.json?runcell-page=%2Fdocs%2Fpage`])
  expect(locks).toBe(0)
  expect(fetched).toEqual([])
})

test("a visit that imports another package adds it to the page's record, keeping the ones the last visit recorded", async () => {
  const { indexUrl } = stubIndex(2)
  const recordKey = `${indexUrl}pyodide-lock.json?runcell-page=%2Fdocs%2Frecorded`
  const stored = new Map<string, Response>([[recordKey, Response.json(['p0'])]])
  vi.stubGlobal('location', { pathname: '/docs/recorded' })
  vi.stubGlobal('caches', {
    open: async () => ({
      match: async (key: string) => stored.get(key)?.clone(),
      put: async (key: string, response: Response) => void stored.set(key, response),
    }),
  })
  const index = new PackageIndex({ indexUrl, allow: 'any' }, true)
  // The visit starts by reading the record (and preloading what it can; p0's wheel may be held from another test).
  await index.preload()
  expect(await index.answer({ imports: ['p1'], packages: [] })).toMatchObject({ wheels: [{ name: 'p1' }] })
  await expect.poll(async () => stored.get(recordKey)?.clone().json()).toEqual(['p0', 'p1'])
})
