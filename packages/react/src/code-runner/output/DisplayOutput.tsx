import type { DisplayEvent } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'

/**
 * A rich output. HTML goes into a `sandbox=""` frame (opaque origin, no scripts) and never into the host DOM;
 * SVG is shown through `<img>`, where its scripts cannot run.
 */
export function DisplayOutput({ output, messages }: { output: DisplayEvent; messages: CodeRunnerMessages }) {
  if (output.mime === 'text/html') {
    return <iframe className="rc-html" sandbox="" srcDoc={output.data} title={messages.htmlTitle} />
  }
  if (output.mime === 'image/png') {
    return <img className="rc-image" src={`data:image/png;base64,${output.data}`} alt={messages.imageAlt} />
  }
  if (output.mime === 'image/svg+xml') {
    return (
      <img
        className="rc-image"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(output.data)}`}
        alt={messages.imageAlt}
      />
    )
  }
  return (
    <pre className="rc-display" dir="ltr">
      {output.data}
    </pre>
  )
}
