/**
 * The policy every HTML output document runs under. A `srcdoc` frame follows the embedding page's CSP, which may be
 * none at all, so the output brings its own: no request of any kind (images, styles, fonts, media, frames,
 * preloads, pings), only inline styles and `data:` images. `base-uri 'none'` stops a `<base href>` from
 * re-rooting relative URLs, and `form-action 'none'` backs up the sandbox's ban on forms.
 */
export const HTML_OUTPUT_CSP = [
  "default-src 'none'",
  'img-src data:',
  'media-src data:',
  'font-src data:',
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

// First in the document, before any user markup, so nothing the output writes can come ahead of it: later
// policies (a user's own CSP meta) only add restrictions. `<base target="_blank">` turns every link into a
// popup, which the sandbox refuses, so a click cannot navigate the frame away with data in its URL.
const PREAMBLE =
  `<meta http-equiv="Content-Security-Policy" content="${HTML_OUTPUT_CSP}">` +
  '<meta http-equiv="x-dns-prefetch-control" content="off"><meta name="referrer" content="no-referrer">' +
  '<base target="_blank">'

// An attribute named `target` or a rel value must spell it out literally, and links in SVG or MathML need
// their start tag; text without any of these needs no rewriting.
const MAY_ESCAPE_THE_POLICY = /target|<svg|<math|<frame|<iframe|preconnect|prerender/i

/**
 * What the policy can't stop. Links that could still navigate the frame itself: an explicit `target` (say
 * `_self`) overrides the preamble's `<base target>`, and SVG links ignore it. And connections: Chromium opens
 * a socket for a `<frame src>` before the CSP refuses the frame (seen in Chromium 156), and for preconnect hints. DOMParser builds an inert document (no loads, no
 * scripts), which is only needed when the raw text could hold any of these.
 */
function withoutEscapes(html: string): string {
  if (!MAY_ESCAPE_THE_POLICY.test(html) || typeof DOMParser === 'undefined') return html
  const doc = new DOMParser().parseFromString(html, 'text/html')
  for (const link of doc.querySelectorAll('link[rel]')) {
    if (/preconnect|prerender|dns-prefetch/i.test(link.getAttribute('rel') ?? '')) link.remove()
  }
  for (const frame of doc.querySelectorAll('frame[src], iframe[src]')) frame.removeAttribute('src')
  for (const element of doc.querySelectorAll('[target], [formtarget]')) {
    element.removeAttribute('target')
    element.removeAttribute('formtarget')
  }
  for (const element of doc.querySelectorAll('svg a, math [href]')) {
    element.removeAttribute('href')
    element.removeAttributeNS('http://www.w3.org/1999/xlink', 'href')
  }
  return doc.documentElement.outerHTML
}

/**
 * The `srcdoc` of an HTML output: the user's markup behind a preamble that forbids every network request and
 * every navigation, whatever the embedding page's own CSP says.
 */
export function htmlOutputDocument(html: string): string {
  return PREAMBLE + withoutEscapes(html)
}
