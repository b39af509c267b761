import type { CodeRunnerMessages } from '../messages.js'

// Images decode and SVGs draw in the host's renderer. A 50 KB PNG can declare 20,000 × 20,000 pixels (1.6 GB
// once decoded), and an SVG of a few hundred bytes can nest <use> references to 10^8 shapes. Both are refused
// before the browser ever sees them.

/** The most pixels an image output may decode to: 4096 × 4096, 64 MB as RGBA. */
export const MAX_IMAGE_PIXELS = 4096 * 4096

/** The most shapes an SVG output may draw once its `<use>` references are expanded. */
export const MAX_SVG_INSTANCES = 20_000

// How deep an SVG may nest data: images in data: images before it is refused outright.
const MAX_NESTING = 2

/** Why an image output is not shown, or null when it is fine to show. */
export type ImageRefusal =
  { kind: 'too-large'; width: number; height: number } | { kind: 'too-complex' } | null

/** What the reader sees in place of a refused image. */
export function refusalText(refusal: NonNullable<ImageRefusal>, messages: CodeRunnerMessages): string {
  return refusal.kind === 'too-large'
    ? messages.imageTooLarge(refusal.width, refusal.height)
    : messages.imageTooComplex
}

function atobSafe(base64: string): string | null {
  try {
    return atob(base64)
  } catch {
    return null
  }
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23), read from the first 32 base64 characters only. */
export function pngSize(base64: string): { width: number; height: number } | null {
  const head = atobSafe(base64.slice(0, 32).replace(/\s/g, ''))
  if (!head || head.length < 24 || !head.startsWith('\x89PNG')) return null
  const u32 = (at: number) =>
    ((head.charCodeAt(at) << 24) |
      (head.charCodeAt(at + 1) << 16) |
      (head.charCodeAt(at + 2) << 8) |
      head.charCodeAt(at + 3)) >>>
    0
  return { width: u32(16), height: u32(20) }
}

/** Whether a PNG (base64) is small enough to decode. An unreadable header is left to the browser, which fails. */
export function checkPng(base64: string): ImageRefusal {
  const size = pngSize(base64)
  if (size && size.width * size.height > MAX_IMAGE_PIXELS) return { kind: 'too-large', ...size }
  return null
}

const XLINK = 'http://www.w3.org/1999/xlink'
const hrefOf = (element: Element) => element.getAttribute('href') ?? element.getAttributeNS(XLINK, 'href')

/**
 * How many elements an SVG tree draws once every `<use>` is expanded, counted once per element thanks to a memo
 * (so a bomb is counted in time linear in its size). A reference cycle counts as nothing, as browsers draw it.
 */
function expandedCount(root: Element): number {
  const byId = new Map<string, Element>()
  for (const element of root.querySelectorAll('[id]')) byId.set(element.id, element)
  const memo = new Map<Element, number>()
  const visiting = new Set<Element>()
  const count = (element: Element): number => {
    const known = memo.get(element)
    if (known !== undefined) return known
    if (visiting.has(element)) return 0
    visiting.add(element)
    let total = 1
    for (const child of element.children) total += count(child)
    if (element.localName === 'use') {
      const href = hrefOf(element)
      const target = href?.startsWith('#') ? byId.get(href.slice(1)) : undefined
      if (target) total += count(target)
    }
    visiting.delete(element)
    // Past the cap the exact number no longer matters, and capping keeps it a safe integer.
    const capped = Math.min(total, MAX_SVG_INSTANCES * 10)
    memo.set(element, capped)
    return capped
  }
  return count(root)
}

function checkDataImage(url: string, depth: number): ImageRefusal {
  const png = /^data:image\/png;base64,/i.exec(url)
  if (png) return checkPng(url.slice(png[0].length))
  const svg = /^data:image\/svg\+xml(;charset=[\w-]+)?(;base64)?,/i.exec(url)
  if (!svg) return null
  const body = url.slice(svg[0].length)
  const text = svg[2] ? atobSafe(body) : safeDecode(body)
  return text === null ? null : checkSvg(text, depth + 1)
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

/**
 * Whether an SVG is cheap enough to draw: its expanded `<use>` count under the cap, and any data: image it
 * embeds checked the same way. Parsing happens only when the text holds a `<use` or an embedded data: URL.
 */
export function checkSvg(svg: string, depth = 0): ImageRefusal {
  if (!/<use|data:/i.test(svg)) return null
  if (depth > MAX_NESTING || typeof DOMParser === 'undefined') return { kind: 'too-complex' }
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  if (doc.querySelector('parsererror')) return null
  if (expandedCount(doc.documentElement) > MAX_SVG_INSTANCES) return { kind: 'too-complex' }
  for (const element of doc.querySelectorAll('image, feImage')) {
    const href = hrefOf(element)
    const refusal = href?.startsWith('data:') ? checkDataImage(href, depth) : null
    if (refusal) return refusal
  }
  return null
}

const CSS_DATA_URL = /url\(\s*(['"]?)(data:image\/[^'")]+)\1\s*\)/gi

/**
 * The same checks for images inside an HTML output, which draws in the host's renderer too: inline SVG `<use>`
 * expansion, and PNG or SVG data: URLs in image attributes and CSS. The text is parsed only when it holds a
 * `<use` or a data: image.
 */
export function checkHtmlImages(html: string): ImageRefusal {
  if (!/<use|data:image/i.test(html) || typeof DOMParser === 'undefined') return null
  const doc = new DOMParser().parseFromString(html, 'text/html')
  if (expandedCount(doc.documentElement) > MAX_SVG_INSTANCES) return { kind: 'too-complex' }
  const urls: string[] = []
  for (const element of doc.querySelectorAll('img, image, feImage, input, video, source, [style], style')) {
    for (const name of ['src', 'href', 'poster', 'srcset']) {
      const value = element.getAttribute(name)
      if (value)
        urls.push(...value.split(/\s*,\s*(?=data:)/).map((part) => part.trim().split(/\s+/)[0] ?? ''))
    }
    const xlink = element.getAttributeNS(XLINK, 'href')
    if (xlink) urls.push(xlink)
    const css = element.localName === 'style' ? element.textContent : element.getAttribute('style')
    for (const match of (css ?? '').matchAll(CSS_DATA_URL)) urls.push(match[2] ?? '')
  }
  for (const url of urls) {
    const refusal = url.startsWith('data:') ? checkDataImage(url, 0) : null
    if (refusal) return refusal
  }
  return null
}
