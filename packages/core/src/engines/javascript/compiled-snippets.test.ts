import { describe, expect, it } from 'vitest'
import { CompiledSnippets } from './compiled-snippets.js'

describe('CompiledSnippets', () => {
  it('returns what was stored for the same code, and nothing for other code', () => {
    const cache = new CompiledSnippets<() => number>()
    const snippet = () => 1
    cache.set('1', { snippet, sourceUrl: 'runcell/snippet-1.js' })
    expect(cache.get('1')).toEqual({ snippet, sourceUrl: 'runcell/snippet-1.js' })
    expect(cache.get('2')).toBeUndefined()
  })

  it('keeps the 64 most recently used snippets', () => {
    const cache = new CompiledSnippets<number>()
    for (let i = 0; i < 64; i++) cache.set(`code ${i}`, { snippet: i, sourceUrl: `s${i}` })
    cache.get('code 0') // used again: now the newest
    cache.set('code 64', { snippet: 64, sourceUrl: 's64' })
    expect(cache.size).toBe(64)
    expect(cache.get('code 0')?.snippet).toBe(0)
    expect(cache.get('code 1')).toBeUndefined()
    expect(cache.get('code 64')?.snippet).toBe(64)
  })

  it('does not keep very long code', () => {
    const cache = new CompiledSnippets<number>()
    const long = 'x'.repeat(64 * 1024 + 1)
    cache.set(long, { snippet: 1, sourceUrl: 's' })
    expect(cache.get(long)).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})
