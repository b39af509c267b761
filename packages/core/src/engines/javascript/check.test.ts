import { describe, expect, test } from 'vitest'
import { createAssert, runCheck, verdictOf, type CompiledCheck } from './check.js'

const check =
  (body: (ns: Record<string, unknown>, assert: ReturnType<typeof createAssert>) => unknown): CompiledCheck =>
  async (ns, _stdout, _result, assert) =>
    body(ns as Record<string, unknown>, assert)

describe('the JavaScript check assert', () => {
  test('a check that finishes passes; a failed assert fails with its message; anything else is an error', async () => {
    const ns = { total: 6 }
    const scope = { ns, stdout: '', result: undefined }
    expect(
      await runCheck(
        check((n, assert) => assert.equal(n.total, 6)),
        scope,
      ),
    ).toEqual({ status: 'pass' })
    expect(
      await runCheck(
        check((n, assert) => assert.equal(n.total, 7, 'total should be 7')),
        scope,
      ),
    ).toEqual({
      status: 'fail',
      message: 'total should be 7',
    })
    expect(
      await runCheck(
        check((n) => (n.missing as () => void)()),
        scope,
      ),
    ).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^TypeError: /) as unknown,
    })
  })

  test('equal is strict, deepEqual compares structure, throws checks what was thrown', () => {
    const assert = createAssert()
    expect(() => assert.equal(2, '2')).toThrow("Expected '2'; got 2.")
    expect(() => assert.equal(NaN, NaN)).not.toThrow()
    expect(() => assert.deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).not.toThrow()
    expect(() => assert.deepEqual([1, 2], [2, 1])).toThrow()
    expect(() => assert.deepEqual(new Map([[1, 'a']]), new Map([[1, 'b']]))).toThrow()
    expect(() => assert.throws(() => JSON.parse('{'), SyntaxError)).not.toThrow()
    expect(() => assert.throws(() => 1, 'should throw')).toThrow('should throw')
    expect(() =>
      assert.throws(() => {
        throw new Error('boom')
      }, /bang/),
    ).toThrow()
    expect(() => assert.ok(0)).toThrow('Expected a truthy value; got 0.')
  })

  test('deepEqual compares an object met twice each time, so a grid whose rows are one shared array fails', () => {
    const assert = createAssert()
    const grid = Array.from({ length: 2 }, () => [0, 0])
    const shared = Array<number[]>(2).fill([0, 0])
    shared[0]![0] = 1
    grid[0]![0] = 1
    expect(() =>
      assert.deepEqual(shared, [
        [1, 0],
        [0, 0],
      ]),
    ).toThrow()
    expect(() =>
      assert.deepEqual(shared, [
        [1, 0],
        [1, 0],
      ]),
    ).not.toThrow()
    expect(() =>
      assert.deepEqual(grid, [
        [1, 0],
        [0, 0],
      ]),
    ).not.toThrow()
    const row = { n: 1 }
    expect(() => assert.deepEqual({ x: row, y: row }, { x: { n: 1 }, y: { n: 2 } })).toThrow()
  })

  test('deepEqual still ends on cyclic structures, equal or not', () => {
    const assert = createAssert()
    type Node = { value: number; next?: Node }
    const ring = (values: number[]): Node => {
      const nodes: Node[] = values.map((value) => ({ value }))
      nodes.forEach((node, i) => (node.next = nodes[(i + 1) % nodes.length]))
      return nodes[0]!
    }
    expect(() => assert.deepEqual(ring([1, 2]), ring([1, 2]))).not.toThrow()
    expect(() => assert.deepEqual(ring([1, 2]), ring([1, 3]))).toThrow()
    const selfA: Record<string, unknown> = { k: 1 }
    selfA.me = selfA
    const selfB: Record<string, unknown> = { k: 1 }
    selfB.me = selfB
    expect(() => assert.deepEqual(selfA, selfB)).not.toThrow()
  })

  test('a thrown non-error is reported without throwing while it is read', () => {
    const hostile = Object.create(null) as object
    expect(verdictOf(hostile).status).toBe('error')
    expect(verdictOf('nope')).toEqual({ status: 'error', message: "the check threw 'nope'" })
  })
})
