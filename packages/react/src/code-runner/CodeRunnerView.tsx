import { forwardRef, useCallback, useEffect, useRef, type ReactNode } from 'react'
import { hashCode, type Language, type RunRequest, type RunResult } from '@runcell/core'
import { FeedbackControl, type FeedbackTarget } from './FeedbackControl.js'
import type { CodeRunnerMessageOverrides } from './messages.js'
import { StatusLine } from './output/StatusLine.js'
import { RunnerControls } from './RunnerControls.js'
import { copyText, RunnerEditor, RunnerOutputArea, runnerStatus, useRunnerShell } from './runner-shell.js'
import type { RuncellConfig, RunnerTheme } from './state/runcell-context.js'
import { shareUrl } from './state/share.js'
import { useCodeRunner } from './use-code-runner.js'
import { useCodeValue } from './use-code-value.js'
import { useWarmUp, type RunnerLoading } from './use-warm-up.js'

/** Props of `<CodeRunner>`. Only `language` is required. */
export interface CodeRunnerProps {
  language: Language
  /** The author's code: what the runner opens with and what Reset restores. */
  code?: string
  /** Controlled code; pair it with `onChange`. */
  value?: string
  /** Uncontrolled initial code when it differs from `code`. */
  defaultValue?: string
  onChange?: (code: string) => void
  /** Runners naming the same session share state. */
  session?: string
  /** Hidden code run once in the session before the first visible run. */
  setup?: string
  stdin?: string
  /** Files the code can read: `{path: text | bytes | URL on the assets origin}`. */
  files?: RunRequest['files']
  readOnly?: boolean
  /** Show line numbers (default true). */
  lineNumbers?: boolean
  minLines?: number
  /** The editor scrolls past this many lines. */
  maxLines?: number
  title?: ReactNode
  /**
   * Run once as soon as the runner mounts, and only the author's code: code from a share link or a saved edit
   * waits for the reader's click, so a crafted link cannot run its code on every visit.
   */
  autoRun?: boolean
  /** When to load the engine: at once, when scrolled into view (default), or on the first Run. */
  loading?: RunnerLoading
  timeoutMs?: number
  cache?: boolean
  /** Names the runner for persistence and share links. */
  id?: string
  /** Keep the reader's edits in localStorage (default true when `id` is set). */
  persist?: boolean
  /** Pre-rendered output shown before the first run, for server rendering and readers without JavaScript. */
  output?: ReactNode
  onRun?: (request: RunRequest) => void
  onResult?: (result: RunResult) => void
  className?: string
  theme?: RunnerTheme
  /** Adds "Was this helpful?": an endpoint URL (JSON POST) or a callback. */
  feedback?: FeedbackTarget
  /** Overrides for this runner's strings, on top of the provider's. */
  messages?: CodeRunnerMessageOverrides
  /** Runtime config when there is no `<RuncellProvider>`. */
  config?: RuncellConfig
}

/** What the light `<CodeRunner>` hands over when it loads this view. */
export interface CodeRunnerViewProps extends CodeRunnerProps {
  /** The reader pressed Run before the view had loaded: run the current code once it is ready. */
  runOnLoad?: boolean
  /** The reader's focus was in the runner while it loaded: put it in the editor. */
  focusOnLoad?: boolean
}

/**
 * The full runner: CodeMirror, Run/Stop/Reset/Copy/Share, streamed output and a status line, on the page's shared
 * runtime. `<CodeRunner>` loads it (and with it the editor and the runtime) when the runner nears the viewport or
 * is focused.
 */
export const CodeRunnerView = forwardRef<HTMLDivElement, CodeRunnerViewProps>(
  function CodeRunnerView(props, ref) {
    const { language, id, loading = 'visible' } = props
    const original = props.code ?? props.defaultValue ?? ''
    const shell = useRunnerShell(props, ref)
    const { messages, rootRef, uid, languageName } = shell
    const persist = props.persist ?? id !== undefined
    const { code, setCode, reset, ready, foreign } = useCodeValue({
      original,
      value: props.value,
      defaultValue: props.defaultValue,
      onChange: props.onChange,
      id,
      persist,
    })
    const runner = useCodeRunner({
      language,
      code,
      session: props.session,
      setup: props.setup,
      stdin: props.stdin,
      files: props.files,
      timeoutMs: props.timeoutMs,
      cache: props.cache,
      onRun: props.onRun,
      onResult: props.onResult,
      config: props.config,
    })
    const { run } = runner
    const runNow = useCallback((text?: string) => void run(text), [run])

    useWarmUp(loading, rootRef, runner.warmUp, runner.allowed)
    const autoRan = useRef(false)
    // autoRun runs only the author's code; a Run pressed before the view loaded runs whatever the reader sees.
    const wantsRun = (props.autoRun === true && !foreign) || props.runOnLoad === true
    useEffect(() => {
      if (wantsRun && ready && runner.allowed && !autoRan.current) {
        autoRan.current = true
        runNow()
      }
    }, [wantsRun, ready, runner.allowed, runNow])
    const focusOnLoad = useRef(props.focusOnLoad)
    useEffect(() => {
      // The editor mounted in a child's effect, which runs before this one.
      if (focusOnLoad.current) rootRef.current?.querySelector<HTMLElement>('.cm-content')?.focus()
    }, [rootRef])

    const titleId = `${uid}-title`
    const share = async () => {
      if (!id) return false
      const url = shareUrl(location.href, id, code)
      history.replaceState(history.state, '', url)
      return copyText(url)
    }

    return (
      <div
        ref={rootRef}
        id={id}
        className={props.className ? `rc-runner ${props.className}` : 'rc-runner'}
        data-theme={shell.theme}
        data-language={language}
        data-status={runner.status}
        role="group"
        aria-labelledby={props.title ? titleId : undefined}
        aria-label={props.title ? undefined : messages.runnerLabel(languageName)}
      >
        <div className="rc-header">
          {props.title && (
            <span className="rc-title" id={titleId}>
              {props.title}
            </span>
          )}
          <span className="rc-language">{languageName}</span>
        </div>
        <RunnerEditor
          language={language}
          code={code}
          onChange={setCode}
          onRun={runNow}
          readOnly={props.readOnly ?? false}
          lineNumbers={props.lineNumbers ?? true}
          minLines={props.minLines}
          maxLines={props.maxLines}
          errorLine={runner.errorLine}
          languageName={languageName}
          messages={messages}
          uid={uid}
        />
        {runner.allowed ? (
          <RunnerControls
            busy={runner.busy}
            allowed={runner.allowed}
            canShare={id !== undefined}
            onRun={() => runNow(code)}
            onStop={runner.stop}
            onReset={reset}
            onCopy={() => copyText(code)}
            onShare={share}
            messages={messages}
          />
        ) : (
          <p className="rc-blocked" role="note">
            {runner.blockedMessage}
          </p>
        )}
        <StatusLine text={runnerStatus(runner, shell)} status={runner.status} />
        <RunnerOutputArea runner={runner} messages={messages} initial={props.output} />
        {props.feedback !== undefined && (
          <FeedbackControl
            target={props.feedback}
            snippetId={id ?? hashCode(original)}
            lastRunStatus={runner.result?.status ?? null}
            messages={messages}
          />
        )}
      </div>
    )
  },
)
