// @vitest-environment jsdom
import { expect, test } from 'vitest'
import { HTML_OUTPUT_CSP, htmlOutputDocument } from './html-document.js'

test('the output policy comes before any user markup, however the markup starts', () => {
  for (const html of [
    '<p>hi</p>',
    '</head></html><meta http-equiv="Content-Security-Policy" content="default-src *">',
    '<!--',
  ]) {
    const doc = htmlOutputDocument(html)
    expect(doc.startsWith(`<meta http-equiv="Content-Security-Policy" content="${HTML_OUTPUT_CSP}">`)).toBe(
      true,
    )
  }
  expect(HTML_OUTPUT_CSP).toMatch(/^default-src 'none'; /)
})

test('links that name their own target or live in SVG lose what would navigate the frame', () => {
  const doc = htmlOutputDocument(
    '<a href="https://x.test/a" target="_self">a</a><svg><a href="https://x.test/b"><rect/></a></svg><form target="_self"></form>',
  )
  expect(doc).not.toContain('target="_self"')
  expect(doc).not.toContain('https://x.test/b')
  expect(doc).toContain('<a href="https://x.test/a">a</a>')
})

test('plain HTML is passed on as written, unparsed', () => {
  expect(htmlOutputDocument('<b>bold</b> <a href="#x">x</a>')).toMatch(
    /<base target="_blank"><b>bold<\/b> <a href="#x">x<\/a>$/,
  )
})

test('connection hints and frame sources, which Chromium connects to before asking the policy, are dropped', () => {
  const doc = htmlOutputDocument(
    '<link rel="preconnect" href="https://x.test"><link rel="prerender" href="https://x.test/p"><p>kept</p>',
  )
  expect(doc).not.toContain('x.test')
  expect(doc).toContain('<p>kept</p>')
  const frames = htmlOutputDocument('<frameset><frame src="https://x.test/f"></frameset>')
  expect(frames).not.toContain('x.test')
  expect(frames).toContain('<frameset><frame></frameset>')
})
