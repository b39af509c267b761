import { describe, expect, it } from 'vitest'
import { rateLimitKey } from './client-ip'

describe('rateLimitKey', () => {
  it('puts every address of one IPv6 /64 in one bucket, however it is written', () => {
    const keys = [
      '2001:db8:1:2::1',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002:0:0:0:9',
      '2001:db8:1:2::1%eth0',
    ]
    expect(new Set(keys.map(rateLimitKey))).toEqual(new Set(['2001:db8:1:2::/64']))
  })

  it('keeps neighbouring /64s and IPv4 addresses apart', () => {
    expect(rateLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64')
    expect(rateLimitKey('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64')
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9')
  })
})
