import { describe, expect, it } from 'vitest'
import type { ExecutionObserver } from '@runcell/core'
import { getDefaultRuncell } from './use-runcell.js'

describe('getDefaultRuncell', () => {
  it('shares one runtime per distinct config, and a different observer gets its own instead of being ignored', () => {
    const first: ExecutionObserver = { runQueued: () => {} }
    const second: ExecutionObserver = { runQueued: () => {} }
    const a = getDefaultRuncell({ assetsBaseUrl: '/assets/', observer: first })
    const b = getDefaultRuncell({ assetsBaseUrl: '/assets/', observer: first, theme: 'dark' })
    const c = getDefaultRuncell({ assetsBaseUrl: '/assets/', observer: second })
    const d = getDefaultRuncell({ assetsBaseUrl: '/assets/' })
    expect(b.runtime).toBe(a.runtime)
    expect(c.runtime).not.toBe(a.runtime)
    expect(d.runtime).not.toBe(a.runtime)
    expect(c.runtime.config.observer).toBe(second)
    expect(a.runtime.config.observer).toBe(first)
    expect(getDefaultRuncell({ assetsBaseUrl: '/assets/', observer: second }).runtime).toBe(c.runtime)
  })
})
