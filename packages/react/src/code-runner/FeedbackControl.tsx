import { useId, useMemo, useState } from 'react'
import type { RunStatus } from '@runcell/core'
import { createFeedbackClient, type FeedbackPayload, type FeedbackRating } from '@runcell/core/feedback'
import type { CodeRunnerMessages } from './messages.js'

/** Where feedback goes: an endpoint URL (JSON POST) or a callback. */
export type FeedbackTarget = string | ((payload: FeedbackPayload) => unknown)

/** Props of the "Was this helpful?" control. */
export interface FeedbackControlProps {
  target: FeedbackTarget
  snippetId: string
  lastRunStatus: RunStatus | null
  messages: CodeRunnerMessages
}

function currentPage(): string {
  // The fragment may hold shared code; it is not part of the page's identity.
  return typeof location === 'undefined' ? '' : `${location.origin}${location.pathname}${location.search}`
}

/** A small "Was this helpful?" control with an optional comment, sent through the core feedback client. */
export function FeedbackControl({ target, snippetId, lastRunStatus, messages }: FeedbackControlProps) {
  const client = useMemo(
    () => createFeedbackClient(typeof target === 'string' ? { endpoint: target } : { send: target }),
    [target],
  )
  const [rating, setRating] = useState<FeedbackRating | null>(null)
  const [comment, setComment] = useState('')
  const [state, setState] = useState<'open' | 'sending' | 'sent' | 'failed'>('open')
  const commentId = useId()
  const m = messages.feedback

  const send = async (chosen: FeedbackRating, text: string) => {
    setState('sending')
    const outcome = await client.submit({
      snippetId,
      rating: chosen,
      comment: text,
      page: currentPage(),
      lastRunStatus,
    })
    setState(outcome.ok ? 'sent' : 'failed')
  }

  if (state === 'sent') {
    return (
      <p className="rc-feedback" role="status">
        {m.thanks}
      </p>
    )
  }
  return (
    <form
      className="rc-feedback"
      onSubmit={(event) => {
        event.preventDefault()
        if (rating) void send(rating, comment)
      }}
    >
      <span className="rc-feedback-question">{m.question}</span>
      {(['up', 'down'] as const).map((choice) => (
        <button
          key={choice}
          type="button"
          className="rc-button rc-feedback-choice"
          aria-pressed={rating === choice}
          onClick={() => setRating(choice)}
        >
          {choice === 'up' ? m.yes : m.no}
        </button>
      ))}
      {rating && (
        <>
          <label htmlFor={commentId} className="rc-feedback-label">
            {m.commentLabel}
          </label>
          <textarea
            id={commentId}
            className="rc-feedback-comment"
            maxLength={2000}
            rows={2}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
          <button type="submit" className="rc-button" disabled={state === 'sending'}>
            {m.send}
          </button>
        </>
      )}
      {state === 'failed' && (
        <span className="rc-feedback-error" role="alert">
          {m.failed}
        </span>
      )}
    </form>
  )
}
