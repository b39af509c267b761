import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import type { Remote } from 'comlink'
import type { ServedEngineApi } from '../protocol/engine.js'
import type { DeliveredWheel, PackageDelivery, PackageQuery } from '../protocol/packages.js'
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
  const wheelOf = (name: string) =>
    zipOf({
      [`${name}/__init__.py`]: ['X = 1\n', 'deflate'],
      [`${name}-1.0.dist-info/METADATA`]: [`Name: ${name}\n`, 'deflate'],
    }).slice().buffer
  const bytes = wheelOf('pkg')
  const sum = (of: ArrayBuffer) => createHash('sha256').update(new Uint8Array(of)).digest('hex')
  const sha256 = sum(bytes)
  const preloadOf = (name: string, depends: string[] = [], of = wheelOf(name)) => ({
    name,
    fileName: `${name}-1.0-py3-none-any.whl`,
    installDir: 'site',
    sha256: sum(of),
    bytes: of,
    imports: [name],
    depends,
  })
  const imports = (...names: string[]): PackageQuery => ({ imports: names, packages: [] })
  const delivered = (delivery: PackageDelivery) =>
    'wheels' in delivery
      ? delivery.wheels.map((w) => [w.name, 'files' in w ? w.files.map((f) => f.path).sort() : 'bytes'])
      : delivery
  const unpacked = (name: string) => [
    `${name}-1.0.dist-info/INSTALLER`,
    `${name}-1.0.dist-info/METADATA`,
    `${name}-1.0.dist-info/PYODIDE_SOURCE`,
    `${name}/__init__.py`,
  ]

  test('a request that preloaded wheels cover is answered without the host, dependencies first, unpacked', async () => {
    const { broker, asked } = setUp()
    broker.preload([preloadOf('pkg', ['dep']), preloadOf('dep')])
    const delivery = await broker.deliver({}, imports('pkg'), () => {})
    expect(asked).toEqual([])
    expect(delivered(delivery)).toEqual([
      ['dep', unpacked('dep')],
      ['pkg', unpacked('pkg')],
    ])
  })

  test('a request they do not cover goes to the host, naming the held wheels, and an answer without bytes is served from them', async () => {
    const { broker, asked } = setUp()
    // A dependency that was not preloaded: the host must answer.
    broker.preload([preloadOf('pkg', ['dep'], bytes)])
    const delivery = broker.deliver({}, imports('pkg'), () => {})
    await flush()
    expect(asked.map((request) => request.held)).toEqual([[sha256]])
    broker.receive(asked[0]!.requestId, { wheels: [{ ...facts, sha256 }] })
    expect(delivered(await delivery)).toEqual([['pkg', unpacked('pkg')]])
  })

  test('a wheel sent ahead of its answer is verified and unpacked meanwhile, and the answer without bytes is served from it', async () => {
    const { broker, asked } = setUp()
    const delivery = broker.deliver({}, query('pkg'), () => {})
    await flush()
    broker.ahead({ ...facts, sha256, bytes })
    broker.receive(asked[0]!.requestId, { wheels: [{ ...facts, sha256 }] })
    expect(delivered(await delivery)).toEqual([['pkg', unpacked('pkg')]])
    // One whose bytes do not match is not held: the answer naming it fails.
    const tampered = broker.deliver({}, query('other'), () => {})
    await flush()
    const other = { ...facts, name: 'other', sha256: 'b'.repeat(64) }
    broker.ahead({ ...other, bytes: wheelOf('other') })
    broker.receive(asked[1]!.requestId, { wheels: [other] })
    expect(await tampered).toEqual({
      failure: expect.objectContaining({ package: 'other', reason: 'checksum-mismatch' }) as unknown,
    })
  })

  test('two workers asking at once for a preloaded wheel get files of their own, never the same buffers', async () => {
    const { broker } = setUp()
    broker.preload([preloadOf('pkg')])
    const [one, two] = await Promise.all([
      broker.deliver({}, imports('pkg'), () => {}),
      broker.deliver({}, imports('pkg'), () => {}),
    ])
    const buffers = (delivery?: PackageDelivery) =>
      delivery && 'wheels' in delivery
        ? delivery.wheels.flatMap((w) => ('files' in w ? w.files.map((f) => f.data.buffer) : []))
        : []
    expect(buffers(one)).toHaveLength(4)
    expect(buffers(two)).toHaveLength(4)
    expect(buffers(one).some((buffer) => buffers(two).includes(buffer))).toBe(false)
  })

  test('a preloaded wheel that does not match its sha-256 is not held, and a request for it fails', async () => {
    const { broker, asked } = setUp()
    broker.preload([{ ...preloadOf('pkg'), sha256: 'a'.repeat(64) }])
    const delivery = await broker.deliver({}, imports('pkg'), () => {})
    expect(delivery).toEqual({
      failure: expect.objectContaining({ package: 'pkg', reason: 'checksum-mismatch' }) as unknown,
    })
    void broker.deliver({}, imports('other'), () => {})
    await flush()
    expect(asked.map((request) => request.held)).toEqual([[]])
  })

  test('an answer without bytes for a wheel the runner does not hold fails as a checksum mismatch', async () => {
    const { broker, asked } = setUp()
    const delivery = broker.deliver({}, query('pkg'), () => {})
    await flush()
    broker.receive(asked[0]!.requestId, { wheels: [{ ...facts, sha256 }] })
    expect(await delivery).toEqual({
      failure: expect.objectContaining({ package: 'pkg', reason: 'checksum-mismatch' }) as unknown,
    })
  })

  /** A loaded worker that records the wheels it is handed before any run asks. */
  const loadedWorker = () => {
    const handed: DeliveredWheel[][] = []
    const worker = {
      preinstallPackages: async (wheels: DeliveredWheel[]) => void handed.push(wheels),
    } as unknown as Remote<ServedEngineApi>
    return { worker, handed }
  }

  test('the first loaded worker is handed the preloaded wheels unpacked, whichever comes first, and asking for them then brings no files and no progress', async () => {
    for (const order of ['preload first', 'worker first']) {
      const { broker, asked } = setUp()
      const { worker, handed } = loadedWorker()
      if (order === 'worker first') broker.workerStarting(worker)
      broker.preload([preloadOf('pkg', ['dep']), preloadOf('dep')])
      if (order === 'preload first') broker.workerStarting(worker)
      await expect.poll(() => handed.length).toBe(1)
      expect(delivered({ wheels: handed[0]! })).toEqual([
        ['pkg', unpacked('pkg')],
        ['dep', unpacked('dep')],
      ])
      // A run that asked before the worker installed them gets bytes it skips, and no `installing` line.
      const installing: string[] = []
      const delivery = await broker.deliver(worker, imports('pkg'), (name) => installing.push(name))
      expect(delivered(delivery)).toEqual([
        ['dep', 'bytes'],
        ['pkg', 'bytes'],
      ])
      expect(installing).toEqual([])
      expect(asked).toEqual([])
    }
  })

  test('files go to one worker only: one that loads later (a respawn) asks, and gets them unpacked again', async () => {
    const { broker } = setUp()
    const first = loadedWorker()
    const second = loadedWorker()
    broker.preload([preloadOf('pkg')])
    broker.workerStarting(first.worker)
    broker.workerStarting(second.worker)
    await expect.poll(() => first.handed.length).toBe(1)
    await flush()
    expect(second.handed).toEqual([])
    const installing: string[] = []
    const delivery = await broker.deliver(second.worker, imports('pkg'), (name) => installing.push(name))
    expect(delivered(delivery)).toEqual([['pkg', unpacked('pkg')]])
    expect(installing).toEqual(['pkg'])
  })

  test('a preloaded wheel with a shared library is not handed over: Pyodide’s installer loads it at its import', async () => {
    const { broker } = setUp()
    const { worker, handed } = loadedWorker()
    const native = zipOf({
      'pkg/_c.so': ['x', 'deflate'],
      'pkg-1.0.dist-info/METADATA': ['Name: pkg\n', 'deflate'],
    }).slice().buffer
    broker.preload([preloadOf('pkg', [], native), preloadOf('dep')])
    broker.workerStarting(worker)
    await expect.poll(() => handed.length).toBe(1)
    expect(delivered({ wheels: handed[0]! })).toEqual([['dep', unpacked('dep')]])
    const installing: string[] = []
    const delivery = await broker.deliver(worker, imports('pkg'), (name) => installing.push(name))
    expect(delivered(delivery)).toEqual([['pkg', 'bytes']])
    expect(installing).toEqual(['pkg'])
  })

  test('a wheel with a shared library goes to the worker as bytes, for Pyodide’s installer', async () => {
    const { broker, asked } = setUp()
    const native = zipOf({
      'pkg/_c.so': ['x', 'deflate'],
      'pkg-1.0.dist-info/METADATA': ['Name: pkg\n', 'deflate'],
    }).slice().buffer
    const delivery = broker.deliver({}, query('pkg'), () => {})
    await flush()
    broker.receive(asked[0]!.requestId, { wheels: [{ ...facts, sha256: sum(native), bytes: native }] })
    expect(delivered(await delivery)).toEqual([['pkg', 'bytes']])
  })
})
