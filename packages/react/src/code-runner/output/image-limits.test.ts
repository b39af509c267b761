// @vitest-environment jsdom
import { describe, expect, test } from 'vitest'
import { checkHtmlImages, checkPng, checkSvg, MAX_SVG_INSTANCES, pngSize } from './image-limits.js'

function pngHeader(width: number, height: number): string {
  const bytes = new Uint8Array(33)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  new DataView(bytes.buffer).setUint32(16, width)
  new DataView(bytes.buffer).setUint32(20, height)
  return btoa(String.fromCharCode(...bytes)) + 'AAAA'
}

function useBomb(levels: number, fanOut: number): string {
  let defs = '<g id="l0"><rect width="1" height="1"/></g>'
  for (let i = 1; i <= levels; i++) {
    defs += `<g id="l${i}">${`<use href="#l${i - 1}"/>`.repeat(fanOut)}</g>`
  }
  return `<svg xmlns="http://www.w3.org/2000/svg"><defs>${defs}</defs><use href="#l${levels}"/></svg>`
}

describe('PNG outputs', () => {
  test('the size is read from the header alone', () => {
    expect(pngSize(pngHeader(640, 480))).toEqual({ width: 640, height: 480 })
  })

  test('a decompression bomb of 20,000 × 20,000 pixels is refused, a plot-sized image is not', () => {
    expect(checkPng(pngHeader(20_000, 20_000))).toEqual({ kind: 'too-large', width: 20_000, height: 20_000 })
    expect(checkPng(pngHeader(1200, 800))).toBeNull()
  })

  test('bytes that are not a PNG are left to the browser, which shows nothing', () => {
    expect(checkPng('not base64 at all!')).toBeNull()
  })
})

describe('SVG outputs', () => {
  test('a <use> bomb that expands to 10^8 shapes is refused', () => {
    expect(checkSvg(useBomb(8, 10))).toEqual({ kind: 'too-complex' })
  })

  test('a drawing that reuses a shape a few times is shown', () => {
    expect(checkSvg(useBomb(2, 10))).toBeNull()
    expect(checkSvg('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')).toBeNull()
  })

  test('a reference cycle counts as nothing, as the browser draws it', () => {
    const cycle =
      '<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>'
    expect(checkSvg(cycle)).toBeNull()
  })

  test('a bomb hidden in a data: image inside the SVG is refused too', () => {
    const inner = `data:image/svg+xml,${encodeURIComponent(useBomb(8, 10))}`
    const outer = `<svg xmlns="http://www.w3.org/2000/svg"><image href="${inner}" width="9" height="9"/></svg>`
    expect(checkSvg(outer)).toEqual({ kind: 'too-complex' })
    const png = `<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,${pngHeader(30_000, 30_000)}"/></svg>`
    expect(checkSvg(png)).toEqual({ kind: 'too-large', width: 30_000, height: 30_000 })
  })
})

describe('images inside HTML outputs', () => {
  test('an inline SVG bomb, a PNG bomb in an <img> and one in CSS are refused', () => {
    expect(checkHtmlImages(`<p>table</p>${useBomb(6, 10)}`)).toEqual({ kind: 'too-complex' })
    expect(checkHtmlImages(`<img src="data:image/png;base64,${pngHeader(20_000, 20_000)}">`)).toMatchObject({
      kind: 'too-large',
    })
    const css = `<div style="background: url('data:image/png;base64,${pngHeader(20_000, 20_000)}')"></div>`
    expect(checkHtmlImages(css)).toMatchObject({ kind: 'too-large' })
  })

  test('ordinary HTML with a small embedded plot is shown', () => {
    expect(
      checkHtmlImages(
        `<table><tr><td>1</td></tr></table><img src="data:image/png;base64,${pngHeader(640, 480)}">`,
      ),
    ).toBeNull()
    expect(MAX_SVG_INSTANCES).toBeGreaterThan(1000)
  })
})
