import { afterAll, beforeAll, expect, test } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// The zero-config setup: the runner assets are served by the host's own origin under /runcell/, and the host page
// writes the runner page into a srcdoc frame. The sandbox attribute must still make the runner's origin opaque, so
// the host's cookies and storage stay out of reach.
let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage({ sameOrigin: true })
})
afterAll(async () => {
  await rp?.close()
})

test('a runner served from the host origin runs Python, SQL and JavaScript', async () => {
  const python = await rp.run({ language: 'python', code: 'print("py", 6 * 7)', timeoutMs: 60_000 })
  const sql = await rp.run({ language: 'sql', code: 'SELECT 6 * 7 AS answer;' })
  const js = await rp.run({ language: 'javascript', code: 'console.log("js", 6 * 7)' })
  expect(python.result.stdout).toBe('py 42\n')
  expect(sql.result.outputs).toEqual([{ type: 'table', columns: ['answer'], rows: [[42]], truncated: false }])
  expect(js.result.stdout).toBe('js 42\n')
  expect(rp.origins.runner.hits).toEqual([])
})

test('the same-origin runner frame is still opaque: the host cannot reach into it, nor it into the host', async () => {
  const probe = await rp.page.evaluate(() => {
    const frame = document.querySelector('iframe[sandbox]') as HTMLIFrameElement
    let hostReadsFrame: string
    try {
      hostReadsFrame = String(frame.contentWindow?.document.body)
    } catch {
      hostReadsFrame = 'blocked'
    }
    return {
      sandbox: frame.getAttribute('sandbox'),
      hostReadsFrame,
      // The host page wrote the runner page itself (srcdoc), which without the sandbox would share its origin.
      written: frame.hasAttribute('srcdoc') && !frame.hasAttribute('src'),
    }
  })
  expect(probe).toEqual({ sandbox: 'allow-scripts', hostReadsFrame: 'blocked', written: true })
  const runner = rp.page.frames().find((frame) => frame !== rp.page.mainFrame())
  const inside = await runner?.evaluate(() => {
    let framePart: string
    try {
      framePart = String(window.parent.document.cookie)
    } catch {
      framePart = 'blocked'
    }
    return { origin: self.origin, framePart }
  })
  expect(inside).toEqual({ origin: 'null', framePart: 'blocked' })
})
