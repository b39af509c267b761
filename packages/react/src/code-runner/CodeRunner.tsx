import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react'
import { useExecutionSwitch } from '../flags/hooks.js'
import type { CodeRunnerProps, CodeRunnerView as View } from './CodeRunnerView.js'
import { StaticCode } from './editor/StaticCode.js'
import { useRuncellLook } from './state/runcell-context.js'
import { parseShareFragment } from './state/share.js'
import { useRunnerTheme } from './state/use-runner-theme.js'
import { scheduleWarmUp } from './warm-up-schedule.js'

export type { CodeRunnerProps } from './CodeRunnerView.js'

type ViewComponent = typeof View
interface Loaded {
  View: ViewComponent
  run: boolean
  focus: boolean
}

// The editor (CodeMirror), the runtime and the output renderers live behind this one import, so a page that
// imports CodeRunner and shows none downloads only this file's few kilobytes. Loaded once per page; once it is
// here, later runners switch to it in the same render pass.
let viewModule: Promise<ViewComponent> | null = null
let loadedView: ViewComponent | null = null

/** Downloads the full runner (editor, runtime, outputs) now; resolves when `<CodeRunner>`s can show it at once. */
export function loadCodeRunnerView(): Promise<ViewComponent> {
  viewModule ??= import('./CodeRunnerView.js').then(
    (m) => (loadedView = m.CodeRunnerView),
    (error: unknown) => {
      viewModule = null // a failed chunk download (offline for a moment) may succeed on the next attempt
      throw error
    },
  )
  return viewModule
}

/**
 * A runnable, editable code snippet: CodeMirror, Run/Stop/Reset/Copy/Share, streamed output and a status line,
 * on the page's shared runtime. It renders highlighted code on the server and hydrates cleanly; the editor and
 * the runtime load when the runner nears the viewport or is focused (at once for `loading="eager"` or
 * `autoRun`), so pages that show no runner don't pay for them.
 * @example
 * <CodeRunner language="python" code={"print('hi')"} />
 * @example
 * <CodeRunner id="avg" language="sql" title="Average price" files={{ 'shop.db': new URL('/data/shop.db', location.href) }}
 *   code="SELECT avg(price) FROM items;" feedback="/api/feedback" />
 */
// Marked pure so a bundler drops the component from pages that import the entry but never render it.
export const CodeRunner = /* @__PURE__ */ forwardRef<HTMLDivElement, CodeRunnerProps>(
  function CodeRunner(props, ref) {
    const [loaded, setLoaded] = useState<Loaded | null>(null)
    const asked = useRef(false)
    // A Run pressed while the view downloads still counts.
    const intent = useRef({ run: false, focus: false })
    const onLoad = (next: { run: boolean; focus: boolean }) => {
      intent.current = { run: intent.current.run || next.run, focus: intent.current.focus || next.focus }
      if (asked.current) return
      asked.current = true
      if (loadedView) return setLoaded({ View: loadedView, ...intent.current })
      // The placeholder stays until the view is here, so the reader never sees the runner blink.
      loadCodeRunnerView().then(
        (View) => setLoaded({ View, ...intent.current }),
        () => {
          asked.current = false
        },
      )
    }
    if (!loaded) return <RunnerPlaceholder {...props} rootRef={ref} onLoad={onLoad} />
    const { View } = loaded
    return <View {...props} ref={ref} runOnLoad={loaded.run} focusOnLoad={loaded.focus} />
  },
)

interface PlaceholderProps extends CodeRunnerProps {
  rootRef: Ref<HTMLDivElement>
  onLoad(intent: { run: boolean; focus: boolean }): void
}

/**
 * What a runner shows before its view has loaded, on the server and without JavaScript: the same frame, the
 * highlighted code, a Run button (or, when a flag turned execution off, the same notice the view shows) and the
 * pre-rendered output. It asks for the view when the runner nears the viewport (on a save-data or slow link: when
 * pressed or focused), at once for `eager`, `autoRun` or a share link that names it.
 */
function RunnerPlaceholder(props: PlaceholderProps) {
  const { language, loading = 'visible', onLoad } = props
  const { messages, theme: pageDefault } = useRuncellLook(props.config)
  const theme = useRunnerTheme(props.theme ?? pageDefault)
  const rootRef = useRef<HTMLDivElement | null>(null)
  useImperativeHandle(props.rootRef, () => rootRef.current as HTMLDivElement)
  const latest = useRef(onLoad)
  useEffect(() => {
    latest.current = onLoad
  })
  useEffect(() => {
    const root = rootRef.current
    const load = () => latest.current({ run: false, focus: root?.contains(document.activeElement) ?? false })
    // A share link naming this runner is the reader asking for its code now, wherever the runner sits on the page.
    const shared = props.id !== undefined && parseShareFragment(location.hash)?.id === props.id
    const eager = loading === 'eager' || props.autoRun === true || shared
    const cancel = scheduleWarmUp(root, eager ? 'eager' : 'visible', load)
    // Focus (a keyboard reader tabbing in) loads the view whatever the viewport says.
    root?.addEventListener('focusin', load)
    return () => {
      cancel?.()
      root?.removeEventListener('focusin', load)
    }
  }, [loading, props.autoRun, props.id])

  // Read here too, not only in the view: a reader must never see a live Run on a runner whose editor has not
  // loaded yet while execution is off. The switch is a flag read, so the runtime stays behind the import.
  const execution = useExecutionSwitch(language)
  const languageName = messages.languages[language]
  const code = props.value ?? props.defaultValue ?? props.code ?? ''
  const initial: ReactNode = props.output
  return (
    <div
      ref={rootRef}
      id={props.id}
      className={props.className ? `rc-runner ${props.className}` : 'rc-runner'}
      data-theme={theme}
      data-language={language}
      data-status="idle"
      role="group"
      aria-label={messages.runnerLabel(languageName)}
    >
      <div className="rc-header">
        {props.title && <span className="rc-title">{props.title}</span>}
        <span className="rc-language">{languageName}</span>
      </div>
      <div className="rc-editor-wrap">
        <div
          className="rc-editor"
          dir="ltr"
          style={{
            ['--rc-min-lines' as string]: props.minLines ?? 1,
            ['--rc-max-lines' as string]: props.maxLines ?? 0,
          }}
          data-max-lines={props.maxLines ? '' : undefined}
        >
          <StaticCode code={code} language={language} />
        </div>
      </div>
      {execution.allowed ? (
        <div className="rc-controls">
          <button
            type="button"
            className="rc-button rc-run"
            onClick={() => latest.current({ run: true, focus: false })}
          >
            {messages.run}
          </button>
        </div>
      ) : (
        <p className="rc-blocked" role="note">
          {messages.executionOff(languageName, execution.message)}
        </p>
      )}
      <p className="rc-status" role="status" data-status="idle" />
      <div
        className="rc-output"
        role="log"
        aria-live="polite"
        aria-label={messages.outputLabel}
        data-empty={initial === undefined || initial === null ? '' : undefined}
      >
        {typeof initial === 'string' ? (
          <pre className="rc-stream rc-stdout" dir="ltr">
            {initial}
          </pre>
        ) : (
          initial
        )}
      </div>
    </div>
  )
}
