import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'

const run = promisify(execFile)
const bin = join(import.meta.dirname, '..', '..', 'packages', 'core', 'bin', 'runcell.mjs')
const out = mkdtempSync(join(tmpdir(), 'runcell-assets-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

test('runcell assets copies the runner page, the workers and the engine files into a folder', async () => {
  const { stdout } = await run('node', [bin, 'assets', out])
  expect(stdout).toMatch(/copied \d+ files/)
  for (const file of [
    'runner.html',
    'runner.js',
    'python-worker.js',
    'sql-worker.js',
    'javascript-worker.js',
  ]) {
    expect(existsSync(join(out, file)), file).toBe(true)
  }
  expect(statSync(join(out, 'pyodide', 'pyodide.asm.wasm')).size).toBeGreaterThan(1_000_000)
  expect(statSync(join(out, 'sql', 'sql-wasm-browser.wasm')).size).toBeGreaterThan(100_000)
})

test('runcell with unknown arguments says how to use it and fails', async () => {
  const error = await run('node', [bin, 'asets', out]).catch((e: { code: number; stderr: string }) => e)
  expect(error).toMatchObject({ code: 1 })
  expect((error as { stderr: string }).stderr).toContain('Usage: runcell assets <dir>')
})

test('the copied runner page carries its own CSP, which allows wasm but not eval, and no network', () => {
  const html = readFileSync(join(out, 'runner.html'), 'utf8')
  expect(html).toContain("default-src 'none'")
  // The runner fetches nothing itself: the host page hands it every file.
  expect(html).toContain("connect-src 'none'")
  expect(html).not.toContain("'unsafe-eval'")
})
