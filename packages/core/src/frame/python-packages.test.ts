import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import type { PackageDelivery, PackageQuery } from '../protocol/packages.js'
import { PackageBroker } from './python-packages.js'
import { zipOf } from './testing/zip.js'

const query = (name: string): PackageQuery => ({ imports: [], packages: [name] })
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function setUp() {
  const asked: { requestId: string; query: PackageQuery; held: string[] }[] = []
  const broker = new PackageBroker((requestId, q, held) => asked.push({ requestId, query: q, held }))
  return { broker, asked }
}

test('two package requests of one worker at once are both answered, one after the other', async () => {
  const { broker, asked } = setUp()
  const worker = {}
  const first = broker.deliver(worker, query('a'), () => {})
  const second = broker.deliver(worker, query('b'), () => {})
  await flush()
  expect(asked.map((request) => request.query.packages)).toEqual([['a']])
  broker.receive(asked[0]!.requestId, { wheels: [] })
  expect(await first).toEqual({ wheels: [] })
  await flush()
  expect(asked.map((request) => request.query.packages)).toEqual([['a'], ['b']])
  const failure = {
    package: 'b',
    reason: 'not-in-index' as const,
    message: '"b" is not in the package index',
  }
  broker.receive(asked[1]!.requestId, { failure })
  expect(await second).toEqual({ failure })
})

test('a worker flooding package requests gets a failure for each one past the queue limit, without asking the host', async () => {
  const { broker, asked } = setUp()
  const worker = {}
  const answers = Array.from({ length: 20 }, (_, i) => broker.deliver(worker, query(`p${i}`), () => {}))
  const refused = await answers[19]!
  expect(refused).toEqual({ failure: expect.objectContaining({ package: 'p19' }) as unknown })
  await flush()
  expect(asked).toHaveLength(1)
  // Another worker is not held up by this one's queue.
  void broker.deliver({}, query('other'), () => {})
  await flush()
  expect(asked.map((request) => request.query.packages[0])).toEqual(['p0', 'other'])
})

describe('wheels the runner holds', () => {
  const facts = { name: 'pkg', fileName: 'pkg-1.0-py3-none-any.whl', installDir: 'site' }
  const bytes = zipOf({
    'pkg/__init__.py': ['X = 1\n', 'deflate'],
    'pkg-1.0.dist-info/METADATA': ['Name: pkg\n', 'deflate'],
  }).slice().buffer
  const sha256 = createHash('sha256').update(new Uint8Array(bytes)).digest('hex')
  const paths = (delivery: PackageDelivery) =>
    'wheels' in delivery
      ? delivery.wheels.map((w) => ('files' in w ? w.files.map((f) => f.path) : 'bytes'))
      : delivery

  test('a preloaded wheel is verified before any request, named as held, and delivered unpacked from an answer without bytes', async () => {
    const { broker, asked } = setUp()
    broker.preload([{ ...facts, sha256, bytes }])
    for (const worker of [{}, {}]) {
      const delivery = broker.deliver(worker, query('pkg'), () => {})
      await flush()
      const request = asked.at(-1)!
      expect(request.held).toEqual([sha256])
      broker.receive(request.requestId, { wheels: [{ ...facts, sha256 }] })
      // Each worker gets files of its own: the second one's are unpacked again.
      expect(paths(await delivery)).toEqual([
        [
          'pkg/__init__.py',
          'pkg-1.0.dist-info/METADATA',
          'pkg-1.0.dist-info/INSTALLER',
          'pkg-1.0.dist-info/PYODIDE_SOURCE',
        ],
      ])
    }
  })

  test('two workers asking at once for a preloaded wheel get files of their own, never the same buffers', async () => {
    const { broker, asked } = setUp()
    broker.preload([{ ...facts, sha256, bytes }])
    const deliveries = [
      broker.deliver({}, query('pkg'), () => {}),
      broker.deliver({}, query('pkg'), () => {}),
    ]
    await flush()
    for (const request of asked) broker.receive(request.requestId, { wheels: [{ ...facts, sha256 }] })
    const [one, two] = await Promise.all(deliveries)
    const buffers = (delivery?: PackageDelivery) =>
      delivery && 'wheels' in delivery
        ? delivery.wheels.flatMap((w) => ('files' in w ? w.files.map((f) => f.data.buffer) : []))
        : []
    expect(buffers(one)).toHaveLength(4)
    expect(buffers(two)).toHaveLength(4)
    expect(buffers(one).some((buffer) => buffers(two).includes(buffer))).toBe(false)
  })

  test('a preloaded wheel that does not match its sha-256 is not held, and an answer relying on it fails', async () => {
    const { broker, asked } = setUp()
    broker.preload([{ ...facts, sha256: 'a'.repeat(64), bytes }])
    // Long enough for the hash (a fraction of a millisecond for these bytes).
    await new Promise((resolve) => setTimeout(resolve, 100))
    const delivery = broker.deliver({}, query('pkg'), () => {})
    await flush()
    expect(asked[0]!.held).toEqual([])
    broker.receive(asked[0]!.requestId, { wheels: [{ ...facts, sha256: 'a'.repeat(64) }] })
    expect(await delivery).toEqual({
      failure: expect.objectContaining({ package: 'pkg', reason: 'checksum-mismatch' }) as unknown,
    })
  })

  test('a wheel with a shared library goes to the worker as bytes, for Pyodide’s installer', async () => {
    const { broker, asked } = setUp()
    const native = zipOf({
      'pkg/_c.so': ['x', 'deflate'],
      'pkg-1.0.dist-info/METADATA': ['Name: pkg\n', 'deflate'],
    }).slice().buffer
    const sum = createHash('sha256').update(new Uint8Array(native)).digest('hex')
    const delivery = broker.deliver({}, query('pkg'), () => {})
    await flush()
    broker.receive(asked[0]!.requestId, { wheels: [{ ...facts, sha256: sum, bytes: native }] })
    expect(paths(await delivery)).toEqual(['bytes'])
  })
})
