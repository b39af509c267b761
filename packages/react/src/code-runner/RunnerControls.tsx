import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { CodeRunnerMessages } from './messages.js'

/** Props of the runner's buttons. */
export interface RunnerControlsProps {
  busy: boolean
  allowed: boolean
  canShare: boolean
  onRun(): void
  onStop(): void
  onReset(): void
  onCopy(): Promise<boolean>
  onShare(): Promise<boolean>
  messages: CodeRunnerMessages
  /** More buttons right after Run and Stop: `<Exercise>`'s Check. */
  extra?: ReactNode
}

/** Run, Stop (while running), Reset, Copy and Share, plus a polite notice after Copy and Share. */
export function RunnerControls(props: RunnerControlsProps) {
  const { busy, allowed, messages } = props
  const [notice, setNotice] = useState('')
  const runRef = useRef<HTMLButtonElement>(null)
  const stopRef = useRef<HTMLButtonElement>(null)
  const stopHadFocus = useRef(false)

  useEffect(() => {
    // Stop disappears when the run ends; keep a keyboard user's focus on the runner instead of losing it.
    if (!busy && stopHadFocus.current) runRef.current?.focus()
    stopHadFocus.current = false
  }, [busy])

  const announce = async (action: () => Promise<boolean>, done: string) => {
    setNotice((await action()) ? done : messages.copyFailed)
    setTimeout(() => setNotice(''), 4000)
  }

  return (
    <div className="rc-controls">
      <button
        ref={runRef}
        type="button"
        className="rc-button rc-run"
        aria-keyshortcuts="Control+Enter"
        aria-disabled={busy || !allowed ? true : undefined}
        onClick={() => {
          if (!busy && allowed) props.onRun()
        }}
      >
        {busy ? messages.running : messages.run}
      </button>
      {busy && (
        <button
          ref={stopRef}
          type="button"
          className="rc-button rc-stop"
          onFocus={() => (stopHadFocus.current = true)}
          onBlur={(event) => {
            // Removal also blurs, with no next element; only a real move away clears the flag.
            if (event.relatedTarget) stopHadFocus.current = false
          }}
          onClick={props.onStop}
        >
          {messages.stop}
        </button>
      )}
      {props.extra}
      <button type="button" className="rc-button" onClick={props.onReset}>
        {messages.reset}
      </button>
      <button
        type="button"
        className="rc-button"
        onClick={() => void announce(props.onCopy, messages.copied)}
      >
        {messages.copy}
      </button>
      {props.canShare && (
        <button
          type="button"
          className="rc-button"
          onClick={() => void announce(props.onShare, messages.shareCopied)}
        >
          {messages.share}
        </button>
      )}
      <span className="rc-notice" role="status">
        {notice}
      </span>
    </div>
  )
}
