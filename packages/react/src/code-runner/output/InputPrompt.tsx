import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { CodeRunnerMessages } from '../messages.js'

/** Props of the field that answers a program's input request. */
export interface InputPromptProps {
  prompt: string
  onSend(text: string): void
  messages: CodeRunnerMessages
}

/**
 * The reader's answer to `input()` or `await prompt()`, inline in the output where a terminal would read it.
 * It takes focus when it appears, Enter sends, and a status region announces the request to screen readers
 * (the output log itself is `aria-busy` while the run goes on).
 */
export function InputPrompt({ prompt, onSend, messages }: InputPromptProps) {
  const id = useId()
  const field = useRef<HTMLInputElement>(null)
  const [text, setText] = useState('')
  useEffect(() => {
    field.current?.focus({ preventScroll: true })
  }, [])
  const send = (event: FormEvent) => {
    event.preventDefault()
    onSend(text)
  }
  return (
    <form className="rc-input" onSubmit={send}>
      <label htmlFor={id} className="rc-visually-hidden">
        {messages.inputLabel(prompt)}
      </label>
      <input
        id={id}
        ref={field}
        className="rc-input-field"
        type="text"
        dir="auto"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="send"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="rc-button rc-input-send">
        {messages.sendInput}
      </button>
      <p className="rc-visually-hidden" role="status">
        {messages.inputRequested(prompt)}
      </p>
    </form>
  )
}
