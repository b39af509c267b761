import { memo, useMemo } from 'react'
import type { DisplayEvent } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'
import { HtmlOutput } from './HtmlOutput.js'
import { checkPng, checkSvg, refusalText } from './image-limits.js'

/**
 * An image output through `<img>`, where an SVG's scripts can't run and it loads nothing. It decodes off the
 * main thread (`decoding="async"`), and images whose decoding or drawing alone would stall the page are named
 * instead of shown.
 */
function ImageOutput({ output, messages }: { output: DisplayEvent; messages: CodeRunnerMessages }) {
  const png = output.mime === 'image/png'
  const refusal = useMemo(() => (png ? checkPng(output.data) : checkSvg(output.data)), [png, output.data])
  if (refusal) return <p className="rc-note rc-image-refused">{refusalText(refusal, messages)}</p>
  const src = png
    ? `data:image/png;base64,${output.data}`
    : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(output.data)}`
  return <img className="rc-image" src={src} alt={messages.imageAlt} decoding="async" loading="lazy" />
}

/**
 * A rich output. HTML goes into a `sandbox=""` frame with its own CSP (no requests, no navigation) and never
 * into the host DOM; SVG and PNG are shown through `<img>`.
 */
export const DisplayOutput = memo(function DisplayOutput({
  output,
  messages,
}: {
  output: DisplayEvent
  messages: CodeRunnerMessages
}) {
  if (output.mime === 'text/html') return <HtmlOutput html={output.data} messages={messages} />
  if (output.mime === 'image/png' || output.mime === 'image/svg+xml') {
    return <ImageOutput output={output} messages={messages} />
  }
  return (
    <pre className="rc-display" dir="ltr">
      {output.data}
    </pre>
  )
})
