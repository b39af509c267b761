import { describe, expect, it } from 'vitest'
import { hashCode } from './hash.js'

describe('hashCode', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(hashCode('')).toBe('cbf29ce484222325')
    expect(hashCode('a')).toBe('af63dc4c8601ec8c')
    expect(hashCode('foobar')).toBe('85944171f73967e8')
  })

  it('hashes the UTF-8 bytes, so non-ASCII code gets a stable 16-digit hash', () => {
    expect(hashCode('print(1) héllo')).toBe('35316ff7a1a77477')
    expect(hashCode('print(1)')).not.toBe(hashCode('print(2)'))
  })
})
