import type { RunnerStatus } from '@runcell/core'

export { statusText } from './status-text.js'

/** The status line: a polite `role="status"` region, separate from the output log. */
export function StatusLine({ text, status }: { text: string; status: RunnerStatus }) {
  return (
    <p className="rc-status" role="status" data-status={status}>
      {text}
    </p>
  )
}
