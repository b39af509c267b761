import { describe, expect, it } from 'vitest'
import { resolveRuntimeConfig, type RuntimeConfig } from './runtime-config.js'

describe('resolveRuntimeConfig', () => {
  it('fills in the documented defaults, and no runner URL (the page writes the runner itself)', () => {
    expect(resolveRuntimeConfig({ assetsBaseUrl: '/runcell' })).toMatchObject({
      assetsBaseUrl: '/runcell/',
      maxConcurrent: 10,
      timeoutMs: 30_000,
      memoryLimitMb: 100,
      interactiveInput: true,
      inputMechanism: 'auto',
    })
    expect(resolveRuntimeConfig({ assetsBaseUrl: '/runcell' }).runnerUrl).toBeUndefined()
  })

  it.each([
    [{}, /"assetsBaseUrl" is required/],
    [{ assetsBaseUrl: '/r/', maxConcurrent: 0 }, /"maxConcurrent" must be a whole number from 1/],
    [{ assetsBaseUrl: '/r/', timeoutMs: 1.5 }, /"timeoutMs"/],
    [{ assetsBaseUrl: '/r/', memoryLimitMb: 8 }, /"memoryLimitMb" must be a whole number from 16/],
    [{ assetsBaseUrl: '/r/', runnerUrl: 5 }, /"runnerUrl" must be a URL string/],
    [{ assetsBaseUrl: '/r/', handshakeTimeoutMs: -1 }, /"handshakeTimeoutMs"/],
    [{ assetsBaseUrl: '/r/', inputMechanism: 'sab' }, /"inputMechanism" must be 'auto' or 'replay'/],
  ])('refuses %j with an error that names the field', (config, message) => {
    expect(() => resolveRuntimeConfig(config as unknown as RuntimeConfig)).toThrow(message)
  })
})
