import { describe, expect, it } from 'vitest'
import { runnerCsp, runnerDocumentCsp } from './runner-csp.js'

describe('runnerCsp', () => {
  const csp = runnerCsp('https://run.example.com')

  it('keeps the runner sandboxed and without any network: the host page hands it every file', () => {
    expect(csp).toContain('sandbox allow-scripts')
    expect(csp).toContain("connect-src 'none';")
    expect(csp).toContain('worker-src blob:;')
    expect(csp).not.toContain('allow-same-origin')
  })

  it('lets wasm compile but never allows eval', () => {
    expect(csp).toContain("'wasm-unsafe-eval'")
    expect(csp).not.toContain("'unsafe-eval'")
  })

  it('lets the JavaScript engine load snippets as blob: or data: scripts, and nothing from elsewhere', () => {
    expect(csp).toContain("script-src https://run.example.com blob: data: 'wasm-unsafe-eval';")
  })

  it("scopes scripts to the assets path on a site's own origin, so nothing else of the site can load there", () => {
    const scoped = runnerCsp('https://site.example/runcell/')
    expect(scoped).toContain('script-src https://site.example/runcell/ blob:')
    expect(scoped).not.toMatch(/https:\/\/site\.example[ ;]/)
    // A file URL scopes to its folder.
    expect(runnerCsp('https://site.example/runcell/runner.html')).toContain(
      'script-src https://site.example/runcell/ blob:',
    )
  })

  it('names each assets URL once when the runner is served from more than one', () => {
    expect(
      runnerCsp(
        'https://site.example/runcell/',
        'https://run.example.com/runcell/',
        'https://site.example/runcell',
      ),
    ).toContain('script-src https://site.example/runcell/ https://run.example.com/runcell/ blob:')
  })
})

describe('runnerDocumentCsp', () => {
  it('lets only the nonced inline script run, and allows no network', () => {
    const csp = runnerDocumentCsp('abc')
    expect(csp).toContain("script-src 'nonce-abc' blob: data: 'wasm-unsafe-eval';")
    expect(csp).toContain("connect-src 'none'")
    expect(csp).not.toContain('sandbox')
  })
})
