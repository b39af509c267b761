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

  it("scopes every source to the assets path on a site's own origin, so the site's /api/ is out of reach", () => {
    const scoped = runnerCsp('https://site.example/runcell/')
    expect(scoped).toContain('connect-src https://site.example/runcell/;')
    expect(scoped).toContain('script-src https://site.example/runcell/ blob:')
    expect(scoped).toContain('worker-src https://site.example/runcell/ blob:')
    expect(scoped).not.toMatch(/https:\/\/site\.example[ ;]/)
    // A file URL scopes to its folder.
    expect(runnerCsp('https://site.example/runcell/runner.html')).toContain(
      'connect-src https://site.example/runcell/;',
    )
  })

  it('names each assets URL once when the runner is served from more than one', () => {
    expect(
      runnerCsp(
        'https://site.example/runcell/',
        'https://run.example.com/runcell/',
        'https://site.example/runcell',
      ),
    ).toContain('connect-src https://site.example/runcell/ https://run.example.com/runcell/;')
  })
})
