import { describe, expect, it } from 'vitest'
import { runnerCsp } from './runner-csp.js'

describe('runnerCsp', () => {
  const csp = runnerCsp('https://run.example.com')

  it('keeps the runner sandboxed and its network on the assets origin only', () => {
    expect(csp).toContain('sandbox allow-scripts')
    expect(csp).toContain('connect-src https://run.example.com;')
    expect(csp).not.toContain('allow-same-origin')
  })

  it('lets wasm compile but never allows eval', () => {
    expect(csp).toContain("'wasm-unsafe-eval'")
    expect(csp).not.toContain("'unsafe-eval'")
  })

  it('lets the JavaScript engine load snippets as blob: or data: scripts, and nothing from elsewhere', () => {
    expect(csp).toContain("script-src https://run.example.com blob: data: 'wasm-unsafe-eval';")
  })
})
