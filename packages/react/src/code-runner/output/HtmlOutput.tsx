import { useEffect, useMemo, useRef, useState } from 'react'
import { HTML_OUTPUT_CSP, htmlOutputDocument } from './html-document.js'
import { acquireFrameSlot, watchNearViewport } from './frame-slots.js'
import { checkHtmlImages, refusalText } from './image-limits.js'
import type { CodeRunnerMessages } from '../messages.js'

// CSP Embedded Enforcement (the `csp` attribute) asks the browser to hold the frame to the same policy as the
// preamble; @types/react doesn't list the attribute, so it goes through as a plain one.
const EMBEDDED_CSP = { csp: HTML_OUTPUT_CSP } as Record<string, string>

/**
 * An HTML output in a `sandbox=""` frame: opaque origin, no scripts, no forms, no popups. Its document carries
 * its own CSP, so it makes no request whatever the page's CSP is. The frame is only mounted near the viewport,
 * and only a few at a time, so a run with thousands of HTML outputs can't make thousands of documents.
 */
export function HtmlOutput({ html, messages }: { html: string; messages: CodeRunnerMessages }) {
  const box = useRef<HTMLDivElement>(null)
  const [live, setLive] = useState(false)
  useEffect(() => {
    const element = box.current
    if (!element) return
    let release: (() => void) | null = null
    const stop = watchNearViewport(element, (near) => {
      if (near && !release) release = acquireFrameSlot(() => setLive(true))
      if (!near && release) {
        release()
        release = null
        setLive(false)
      }
    })
    // Without IntersectionObserver there is no viewport to wait for.
    if (!stop) setLive(true)
    return () => {
      stop?.()
      release?.()
    }
  }, [])
  // Checked and prepared only once near the viewport: a flood of outputs far down the page costs nothing.
  const prepared = useMemo(() => {
    if (!live) return null
    const refusal = checkHtmlImages(html)
    return refusal ? { refusal, srcDoc: '' } : { refusal: null, srcDoc: htmlOutputDocument(html) }
  }, [live, html])
  const title = messages.htmlTitle
  return (
    <div className="rc-html-box" ref={box} data-live={live ? '' : undefined}>
      {prepared?.refusal ? (
        <p className="rc-note rc-image-refused">{refusalText(prepared.refusal, messages)}</p>
      ) : prepared ? (
        <iframe
          className="rc-html"
          sandbox=""
          referrerPolicy="no-referrer"
          {...EMBEDDED_CSP}
          srcDoc={prepared.srcDoc}
          title={title}
        />
      ) : (
        <div className="rc-html rc-html-idle" role="img" aria-label={title} />
      )}
    </div>
  )
}
