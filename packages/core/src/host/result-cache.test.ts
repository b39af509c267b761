import { describe, expect, it } from 'vitest'
import type { RunResult } from '../protocol/types.js'
import { ResultCache } from './result-cache.js'

const result = (stdout: string): RunResult => ({
  status: 'ok',
  stdout,
  stderr: '',
  outputs: [],
  durationMs: 1,
})

describe('ResultCache', () => {
  it('keys on language, engine version, code and stdin', () => {
    const base = { language: 'python', engineVersion: 'pyodide 1', code: 'print(1)' }
    const keys = new Set([
      ResultCache.key(base),
      ResultCache.key({ ...base, language: 'javascript' }),
      ResultCache.key({ ...base, engineVersion: 'pyodide 2' }),
      ResultCache.key({ ...base, code: 'print(2)' }),
      ResultCache.key({ ...base, stdin: 'x' }),
    ])
    expect(keys.size).toBe(5)
  })

  it('forgets entries after their time to live', () => {
    let now = 0
    const cache = new ResultCache({ ttlMs: 1_000 }, () => now)
    cache.set('k', result('a'))
    now = 999
    expect(cache.get('k')?.stdout).toBe('a')
    now = 2_000
    expect(cache.get('k')).toBeUndefined()
  })

  it('evicts the least recently used entry beyond its size', () => {
    const cache = new ResultCache({ maxEntries: 2 })
    cache.set('a', result('a'))
    cache.set('b', result('b'))
    cache.get('a')
    cache.set('c', result('c'))
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.stdout).toBe('a')
    expect(cache.size).toBe(2)
  })

  it('defaults to five minutes and a thousand entries', () => {
    let now = 0
    const cache = new ResultCache({}, () => now)
    for (let i = 0; i < 1_001; i++) cache.set(String(i), result(String(i)))
    expect(cache.size).toBe(1_000)
    now = 299_999
    expect(cache.get('1000')).toBeDefined()
    now = 300_000 + 299_999
    expect(cache.get('1000')).toBeUndefined()
  })
})
