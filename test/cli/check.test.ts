import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'

// `runcell check` and `runcell render` on fixture trees, run as a user runs them: the CLI in a child process,
// with headless Chromium through the built runtime.
const exec = promisify(execFile)
const root = join(import.meta.dirname, '..', '..')
const bin = join(root, 'packages', 'core', 'bin', 'runcell.mjs')
const fixtures = 'test/cli/fixtures/check'
const out = mkdtempSync(join(tmpdir(), 'runcell-render-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

async function runcell(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('node', [bin, ...args], { cwd: root, timeout: 180_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

test('a tree whose snippets all run (fenced blocks in both info-string forms, <CodeRunner> in MDX, <runcell-runner> in HTML, Sphinx code-blocks with a runcell class) passes', async () => {
  const { code, stdout } = await runcell('check', `${fixtures}/passing`, '--json')
  const report = JSON.parse(stdout) as { files: number; total: number; passed: number; failed: number }
  expect(report).toMatchObject({ files: 4, total: 8, passed: 8, failed: 0 })
  expect(code).toBe(0)
})

test('under check, sharing the page process, the runner frame stays confined: the CSP refuses a fetch, and Python sees no page', async () => {
  const { code, stdout } = await runcell('check', `${fixtures}/sandboxed`, '--json')
  const report = JSON.parse(stdout) as { total: number; passed: number; failed: number }
  expect(report).toMatchObject({ total: 2, passed: 2, failed: 0 })
  expect(code).toBe(0)
})

test('a failing SQL block and a wrong expected output are named by file and line, with status and error', async () => {
  const { code, stdout } = await runcell('check', `${fixtures}/failing`, `${fixtures}/mismatch`)
  const lines = stdout.trim().split('\n')
  expect(lines[0]).toMatch(
    /^test\/cli\/fixtures\/check\/failing\/queries\.md:9 {2}error {2}SQLError: .*missing_table/,
  )
  expect(lines[1]).toBe(
    'test/cli/fixtures/check/mismatch/printed.md:3  mismatch  expected output "41", got "42"',
  )
  expect(lines[2]).toMatch(/^runcell check: 3 snippets in 2 files: 1 passed, 2 failed \(\d+\.\d s\)$/)
  expect(code).toBe(1)
})

test('render writes each output keyed by id, or by file and position', async () => {
  const file = join(out, 'outputs.json')
  const { code } = await runcell('render', `${fixtures}/passing`, '--out', file)
  expect(code).toBe(0)
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { status: string; output: string }>
  expect(Object.keys(outputs)).toEqual([
    `${fixtures}/passing/components.mdx#1`,
    `${fixtures}/passing/guide/intro.md#1`,
    `${fixtures}/passing/guide/intro.md#2`,
    'answer',
    `${fixtures}/passing/guide/intro.md#4`,
    `${fixtures}/passing/page.html#1`,
    `${fixtures}/passing/sphinx.rst#1`,
    'rst-sum',
  ])
  expect(outputs['answer']).toMatchObject({ status: 'ok', output: 'answer\n42\n' })
  expect(outputs[`${fixtures}/passing/guide/intro.md#2`]?.output).toBe('42\n')
  // The second Sphinx block reads the first one's variable: the runcell-session-rst class shares the session.
  expect(outputs['rst-sum']).toMatchObject({ status: 'ok', output: '42\n' })
})

test('check without paths says how to use it and fails', async () => {
  const { code, stderr } = await runcell('check')
  expect(stderr).toContain('runcell check <paths…>')
  expect(code).toBe(1)
})
