import { describe, expect, test } from 'vitest'
import { MAX_SHARED_CHARS, parseShareFragment, shareFragment, shareUrl } from './share.js'

describe('share links', () => {
  test('a fragment round-trips an id and code with non-ASCII text and newlines', () => {
    const code = "print('héllo ✓')\nfor i in range(3):\n    print(i)"
    expect(parseShareFragment(shareFragment('intro/ex 1', code))).toEqual({ id: 'intro/ex 1', code })
  })

  test('shareUrl replaces an existing fragment and keeps the path and query', () => {
    const url = shareUrl('https://docs.example/a/b?x=1#old', 'q', 'SELECT 1;')
    expect(url.startsWith('https://docs.example/a/b?x=1#runcell=q&code=')).toBe(true)
    expect(parseShareFragment(new URL(url).hash)).toEqual({ id: 'q', code: 'SELECT 1;' })
  })

  test('fragments without an id, with bad base64 or invalid UTF-8, or too long are ignored', () => {
    expect(parseShareFragment('')).toBeNull()
    expect(parseShareFragment('#section-2')).toBeNull()
    expect(parseShareFragment('#code=cHJpbnQ')).toBeNull()
    expect(parseShareFragment('#runcell=a&code=%%%')).toBeNull()
    expect(parseShareFragment('#runcell=a&code=_w')).toBeNull()
    expect(parseShareFragment(shareFragment('a', 'x'.repeat(MAX_SHARED_CHARS + 1)))).toBeNull()
  })
})
