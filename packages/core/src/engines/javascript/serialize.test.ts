import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, formatValue } from './serialize.js'

describe('formatValue', () => {
  it('shows primitives the way a REPL does', () => {
    expect(formatValue(1)).toBe('1')
    expect(formatValue(-0)).toBe('-0')
    expect(formatValue(NaN)).toBe('NaN')
    expect(formatValue(10n)).toBe('10n')
    expect(formatValue(true)).toBe('true')
    expect(formatValue(undefined)).toBe('undefined')
    expect(formatValue(null)).toBe('null')
    expect(formatValue(Symbol('s'))).toBe('Symbol(s)')
    expect(formatValue('hi')).toBe("'hi'")
    expect(formatValue("it's")).toBe('"it\'s"')
    expect(formatValue('a\nb')).toBe("'a\\nb'")
  })

  it('prints a top-level string as is when asked, as console.log does', () => {
    expect(formatValue('plain text', false)).toBe('plain text')
    expect(formatValue(['nested'], false)).toBe("[ 'nested' ]")
    expect(formatValue('y'.repeat(50_000), false)).toHaveLength(50_000)
  })

  it('names functions and classes without calling them', () => {
    function named() {}
    class Shape {}
    expect(formatValue(named)).toBe('[Function: named]')
    expect(formatValue(Shape)).toBe('[class Shape]')
    expect(formatValue([() => 1])).toBe('[ [Function (anonymous)] ]')
  })

  it('shows arrays, nested objects and quoted keys', () => {
    expect(formatValue([1, 'a', [true]])).toBe("[ 1, 'a', [ true ] ]")
    expect(formatValue({ a: 1, 'b-c': { d: null } })).toBe("{ a: 1, 'b-c': { d: null } }")
    expect(formatValue({})).toBe('{}')
    expect(formatValue([])).toBe('[]')
    expect(formatValue({ [Symbol('k')]: 1 })).toBe('{ [Symbol(k)]: 1 }')
    // eslint-disable-next-line no-sparse-arrays
    expect(formatValue([1, , 3])).toBe('[ 1, <empty>, 3 ]')
  })

  it('marks cycles as [Circular] in objects, arrays and maps', () => {
    const object: Record<string, unknown> = { name: 'loop' }
    object.self = object
    expect(formatValue(object)).toBe("{ name: 'loop', self: [Circular] }")
    const array: unknown[] = [1]
    array.push(array)
    expect(formatValue(array)).toBe('[ 1, [Circular] ]')
    const map = new Map<string, unknown>()
    map.set('me', map)
    expect(formatValue(map)).toBe("Map(1) { 'me' => [Circular] }")
  })

  it('shows a value seen twice without a cycle in full both times', () => {
    const shared = { x: 1 }
    expect(formatValue([shared, shared])).toBe('[ { x: 1 }, { x: 1 } ]')
  })

  it('shows Map and Set contents with their size', () => {
    expect(formatValue(new Map([['a', 1]]))).toBe("Map(1) { 'a' => 1 }")
    expect(formatValue(new Set([1, 2]))).toBe('Set(2) { 1, 2 }')
    expect(formatValue(new Map())).toBe('Map(0) {}')
    expect(formatValue(new WeakMap())).toBe('WeakMap { <items unknown> }')
  })

  it('shows errors as name and message, including subclasses', () => {
    class ValidationError extends Error {
      override name = 'ValidationError'
    }
    expect(formatValue(new TypeError('bad'))).toBe('TypeError: bad')
    expect(formatValue(new ValidationError('nope'))).toBe('ValidationError: nope')
    expect(formatValue({ error: new Error('x') })).toBe('{ error: Error: x }')
  })

  it('shows typed arrays, buffers, dates, regexps and boxed primitives', () => {
    expect(formatValue(new Uint8Array([1, 2, 3]))).toBe('Uint8Array(3) [ 1, 2, 3 ]')
    expect(formatValue(new Float64Array(0))).toBe('Float64Array(0) []')
    expect(formatValue(new ArrayBuffer(8))).toBe('ArrayBuffer { byteLength: 8 }')
    expect(formatValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z')
    expect(formatValue(new Date(NaN))).toBe('Invalid Date')
    expect(formatValue(/a+/gi)).toBe('/a+/gi')
    expect(formatValue(Object(1))).toBe('[Number: 1]')
    expect(formatValue(Object('s'))).toBe("[String: 's']")
    expect(formatValue(Promise.resolve(1))).toBe('Promise { … }')
  })

  it('caps huge arrays, typed arrays, maps, objects and strings with a count of what was left out', () => {
    const numbers = formatValue(Array.from({ length: 150 }, (_, i) => i))
    expect(numbers).toMatch(/ 99, … 50 more items\n\]$/)
    expect(numbers.split('\n').length).toBeLessThan(12)
    expect(formatValue(new Uint8Array(1_000_000))).toMatch(/… 999900 more items\n\]$/)
    expect(formatValue(new Set(Array.from({ length: 101 }, (_, i) => i)))).toMatch(/… 1 more entries/)
    const wide = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`k${i}`, i]))
    expect(formatValue(wide)).toMatch(/… 30 more keys\n\}$/)
    const long = formatValue('x'.repeat(20_000))
    expect(long).toContain('… 10000 more characters')
    expect(long.length).toBeLessThan(10_100)
  })

  it('formats a ten-million-item array by reading only the items it shows', () => {
    // Counting reads instead of timing them: speed targets live in bench/, and a busy machine fails a stopwatch.
    const read = new Set<string>()
    const items = new Proxy(new Array(10_000_000).fill(0), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read.add(key)
        return Reflect.get(target, key, receiver) as unknown
      },
    })
    const text = formatValue(items)
    expect(text).toContain('… 9999900 more items')
    expect(read.size).toBeLessThanOrEqual(100)
  })

  it('stops at the depth cap', () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } }, list: [[[[[[1]]]]]] }
    const text = formatValue(deep, true, { ...DEFAULT_LIMITS, depth: 2 })
    expect(text).toBe('{ a: { b: { c: [Object] } }, list: [ [ [Array] ] ] }')
  })

  it('keeps the whole text bounded for wide and deep values', () => {
    const row = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key${i}`, 'v'.repeat(100)]))
    const table = Array.from({ length: 100 }, () => ({
      ...row,
      nested: Array.from({ length: 100 }, () => row),
    }))
    const text = formatValue(table)
    expect(text.length).toBeLessThan(2_000_000)
    expect(text).toContain('…')
  })

  it('breaks long values over indented lines', () => {
    const text = formatValue({ alpha: 'a'.repeat(40), beta: 'b'.repeat(40) })
    expect(text).toBe(`{\n  alpha: '${'a'.repeat(40)}',\n  beta: '${'b'.repeat(40)}'\n}`)
  })

  it('never calls getters, and shows class and null-prototype names', () => {
    let called = false
    const object = {
      get secret() {
        called = true
        return 1
      },
    }
    expect(formatValue(object)).toBe('{ secret: [Getter] }')
    expect(called).toBe(false)
    class Point {
      constructor(
        public x = 1,
        public y = 2,
      ) {}
    }
    expect(formatValue(new Point())).toBe('Point { x: 1, y: 2 }')
    const bare = Object.create(null)
    bare.a = 1
    expect(formatValue(bare)).toBe('[Object: null prototype] { a: 1 }')
  })

  it('survives hostile proxies and objects that lie about themselves', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap')
        },
      },
    )
    expect(formatValue(hostile)).toBe('[Uninspectable]')
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(formatValue({ p: proxy })).toBe('{ p: [Uninspectable] }')
    const liar = { constructor: 'not a function', toString: () => 'never', [Symbol.toStringTag]: 'Fake' }
    expect(formatValue(liar)).toContain("constructor: 'not a function'")
  })
})
