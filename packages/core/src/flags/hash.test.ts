import { describe, expect, it } from 'vitest'
import { BUCKET_COUNT, murmur3, rolloutBucket, variantBucket } from './hash.js'

describe('murmur3', () => {
  it('matches the published MurmurHash3 x86_32 (seed 0) vectors, so servers in other languages agree', () => {
    expect(murmur3('')).toBe(0)
    expect(murmur3('hello')).toBe(0x248bfa47)
    expect(murmur3('Hello, world!')).toBe(0xc0363e43)
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723)
  })

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(murmur3('héllo 👋')).toBe(0x017d11cd)
  })
})

describe('bucketing test vectors', () => {
  // Published vectors: [flagKey, targetingKey, murmur3(flagKey + ":" + targetingKey), rollout bucket, variant bucket].
  // Another implementation of Runcell's bucketing must reproduce every row.
  const vectors: [string, string, number, number, number][] = [
    ['new_editor', 'user-1', 2548802923, 2923, 8357],
    ['new_editor', 'user-2', 3454858882, 8882, 9519],
    ['new_editor', 'anon-7f3a', 280094112, 4112, 2072],
    ['collaborative_editing', 'alice', 1069703896, 3896, 8626],
    ['collaborative_editing', 'bob', 211627174, 7174, 8659],
    ['code_execution', 'user-42', 3875648570, 8570, 1869],
    ['checkout', 'ünïcødé-👤', 2256343499, 3499, 9966],
  ]

  it.each(vectors)(
    '%s for %s lands in the published buckets',
    (flagKey, targetingKey, hash, rollout, variant) => {
      expect(murmur3(`${flagKey}:${targetingKey}`)).toBe(hash)
      expect(rolloutBucket(flagKey, targetingKey)).toBe(rollout)
      expect(variantBucket(flagKey, targetingKey)).toBe(variant)
    },
  )

  it('keeps every bucket inside 0..9999', () => {
    for (let i = 0; i < 5000; i++) {
      const bucket = rolloutBucket('range_check', `u${i}`)
      expect(bucket).toBeGreaterThanOrEqual(0)
      expect(bucket).toBeLessThan(BUCKET_COUNT)
    }
  })
})
