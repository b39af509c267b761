import { useId, useImperativeHandle, useMemo, useRef, type ForwardedRef, type ReactNode } from 'react'
import type { Language } from '@runcell/core'
import { CodeEditor, type CodeEditorProps } from './editor/CodeEditor.js'
import { mergeMessages, type CodeRunnerMessageOverrides, type CodeRunnerMessages } from './messages.js'
import { InputPrompt } from './output/InputPrompt.js'
import { RunOutput } from './output/RunOutput.js'
import { statusText } from './output/status-text.js'
import type { RuncellConfig, RunnerTheme } from './state/runcell-context.js'
import { useEngineStage } from './state/use-engine-stage.js'
import { useRuncell } from './state/use-runcell.js'
import { useRunnerTheme } from './state/use-runner-theme.js'
import type { CodeRunnerHandle } from './use-code-runner.js'

// What <CodeRunner>'s view and <Exercise>'s view share, so the two can't drift apart in strings, status or a11y.

/** The page-level pieces every runner view needs: runtime, strings, theme, root element and ids. */
export function useRunnerShell(
  props: {
    language: Language
    config?: RuncellConfig
    messages?: CodeRunnerMessageOverrides
    theme?: RunnerTheme
  },
  ref: ForwardedRef<HTMLDivElement>,
) {
  const runcell = useRuncell(props.config)
  const messages = useMemo(
    () => mergeMessages(runcell.messages, props.messages),
    [runcell.messages, props.messages],
  )
  const rootRef = useRef<HTMLDivElement>(null)
  useImperativeHandle(ref, () => rootRef.current as HTMLDivElement)
  const uid = useId()
  // Before a run, the status line still tells of the engine loading on the runner's behalf (warm-up).
  const engineStage = useEngineStage(runcell.runtime, props.language)
  const theme = useRunnerTheme(props.theme ?? runcell.theme)
  return {
    runcell,
    messages,
    rootRef,
    uid,
    engineStage,
    theme,
    languageName: messages.languages[props.language],
  }
}

/** The status line's text for a runner's current state. */
export function runnerStatus(
  runner: CodeRunnerHandle,
  shell: Pick<ReturnType<typeof useRunnerShell>, 'engineStage' | 'languageName' | 'messages'>,
): string {
  return statusText({
    status: runner.status,
    stage: runner.stage ?? shell.engineStage,
    result: runner.result,
    installing: runner.installing,
    languageName: shell.languageName,
    messages: shell.messages,
  })
}

/** Copies `text`; false when the page may not write the clipboard (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/** The editor with the runner's labels, hints and error gutter. */
export function RunnerEditor(
  props: Omit<CodeEditorProps, 'value' | 'label' | 'hint' | 'escapeHint' | 'hintId' | 'errorLabel'> & {
    code: string
    languageName: string
    messages: CodeRunnerMessages
    uid: string
  },
) {
  const { code, languageName, messages, uid, ...editor } = props
  return (
    <CodeEditor
      {...editor}
      value={code}
      label={messages.editorLabel(languageName)}
      hint={messages.editorHint}
      escapeHint={messages.escapeHint}
      hintId={`${uid}-hint`}
      errorLabel={messages.errorGutter}
    />
  )
}

/** The output log, with the input field while the run waits for the reader. */
export function RunnerOutputArea(props: {
  runner: CodeRunnerHandle
  messages: CodeRunnerMessages
  initial?: ReactNode
}) {
  const { runner, messages } = props
  return (
    <RunOutput
      outputs={runner.events}
      result={runner.result}
      busy={runner.busy}
      initial={props.initial}
      started={runner.status !== 'idle'}
      messages={messages}
    >
      {runner.inputRequest && (
        <InputPrompt prompt={runner.inputRequest.prompt} onSend={runner.sendInput} messages={messages} />
      )}
    </RunOutput>
  )
}
