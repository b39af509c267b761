import { expect, test } from 'vitest'
import type { PackageQuery } from '../protocol/packages.js'
import { PackageBroker } from './python-packages.js'

const query = (name: string): PackageQuery => ({ imports: [], packages: [name] })
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function setUp() {
  const asked: { requestId: string; query: PackageQuery }[] = []
  const broker = new PackageBroker((requestId, q) => asked.push({ requestId, query: q }))
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
