// The Python engine's JIT warm-up (engines/python/jit-warm-up.ts): after the first run, while the page runs
// nothing, it runs its steps in a namespace of its own, then drops it. Whether it made Python faster is the
// bench's to measure; this shows that it ran, that it cleaned up, and that the reader's state never saw it.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { namespaceFolder } from '../../packages/core/src/engines/python/files.js'
import { WARM_UP_NAMESPACE } from '../../packages/core/src/engines/python/jit-warm-up.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

let rt: RuntimePage

const python = (code: string) => rt.run({ language: 'python', code, session: 'reader' })

// What a run can see of the interpreter: its own names, the modules, and the namespace folders.
const LOOK = [
  'import os, sys',
  'print(sorted(n for n in globals() if not n.startswith("__")))',
  'print(len(sys.modules))',
  'print(sorted(os.listdir("/home/pyodide")))',
].join('\n')

beforeAll(async () => {
  rt = await openRuntimePage()
})

afterAll(async () => {
  await rt?.close()
})

test('after the first run the JIT warm-up runs in a namespace of its own while the page is idle, and leaves nothing behind', async () => {
  const warmFolder = namespaceFolder(WARM_UP_NAMESPACE).split('/').pop() as string
  const first = await python(`mine = 1\n${LOOK}`)
  expect(first.result.status).toBe('ok')
  expect(first.result.stdout).not.toContain(warmFolder)
  // Looks with pauses longer than the warm-up's idle wait, so its steps run in between, until its folder is gone.
  let seen = false
  let last = ''
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    last = (await python(LOOK)).result.stdout
    if (last.includes(warmFolder)) seen = true
    else if (seen) break
  }
  expect(seen).toBe(true)
  // Gone, and the reader's names, the loaded modules and the other folders are as the first run left them.
  expect(last).toBe(first.result.stdout)
  // Errors still point at the reader's own cell.
  const failed = await python('x = 1\n1 / 0')
  expect(failed.result.error).toMatchObject({ name: 'ZeroDivisionError', line: 2 })
  expect(failed.result.error?.traceback).toContain('1 / 0')
})
