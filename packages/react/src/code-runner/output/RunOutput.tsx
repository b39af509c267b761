import { useState, type ReactNode } from 'react'
import type { RunnerOutput, RunResult } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'
import { DisplayOutput } from './DisplayOutput.js'
import { ErrorOutput } from './ErrorOutput.js'
import { OutputTable } from './OutputTable.js'

/** Props of the output area. */
export interface RunOutputProps {
  outputs: readonly RunnerOutput[]
  result: RunResult | null
  busy: boolean
  /** Pre-rendered output, shown until the first run (server render, readers without JavaScript). */
  initial?: ReactNode
  started: boolean
  messages: CodeRunnerMessages
  /** Shown after the outputs, where a terminal would put it: the field for a pending input request. */
  children?: ReactNode
}

// Each output is at least one DOM subtree, and an HTML one a frame placeholder: a run that prints thousands of
// separate outputs shows them a batch at a time, so one render never has thousands of components to mount.
/** How many outputs of one run are rendered before a "show more" button. */
export const OUTPUT_BATCH = 200

function renderOutputs(outputs: readonly RunnerOutput[], messages: CodeRunnerMessages): ReactNode[] {
  let tables = 0
  return outputs.map((output, i) => {
    if (output.type === 'stdout' || output.type === 'stderr') {
      return (
        <pre className={`rc-stream rc-${output.type}`} dir="ltr" key={i}>
          {output.text}
        </pre>
      )
    }
    if (output.type === 'table') {
      tables += 1
      return <OutputTable table={output} index={tables} messages={messages} key={i} />
    }
    if (output.type === 'display') return <DisplayOutput output={output} messages={messages} key={i} />
    return null
  })
}

/**
 * The output: a `role="log"` live region. It is `aria-busy` while a run streams, so screen readers announce the
 * new output once per batch instead of once per printed line.
 */
export function RunOutput({ outputs, result, busy, initial, started, messages, children }: RunOutputProps) {
  const [limit, setLimit] = useState(OUTPUT_BATCH)
  const hidden = Math.max(0, outputs.length - limit)
  const showInitial = !started && initial !== undefined && initial !== null
  return (
    <div
      className="rc-output"
      role="log"
      aria-live="polite"
      aria-busy={busy}
      aria-label={messages.outputLabel}
      data-empty={!showInitial && outputs.length === 0 && !result?.error ? '' : undefined}
    >
      {showInitial &&
        (typeof initial === 'string' ? (
          <pre className="rc-stream rc-stdout" dir="ltr">
            {initial}
          </pre>
        ) : (
          initial
        ))}
      {renderOutputs(hidden > 0 ? outputs.slice(0, limit) : outputs, messages)}
      {hidden > 0 && (
        <button type="button" className="rc-button rc-more" onClick={() => setLimit(limit + OUTPUT_BATCH)}>
          {messages.moreOutputs(hidden)}
        </button>
      )}
      {children}
      {result?.error && <ErrorOutput error={result.error} messages={messages} />}
      {result?.truncated && <p className="rc-note">{messages.truncatedOutput}</p>}
      {result?.restarted && <p className="rc-note">{messages.restarted}</p>}
    </div>
  )
}
