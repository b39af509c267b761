import { useEffect, useRef, useState, type CSSProperties } from 'react'
import { EditorView } from '@codemirror/view'
import type { Language } from '@runcell/core'
import { setErrorLine } from './error-marker.js'
import {
  editorExtensions,
  lineNumbersExtension,
  lineNumbersSetting,
  readOnlyExtension,
  readOnlySetting,
  type EditorCallbacks,
} from './extensions.js'
import { languageSupport } from './languages.js'
import { StaticCode } from './StaticCode.js'

/** Props of the runner's editor. */
export interface CodeEditorProps {
  language: Language
  value: string
  onChange(code: string): void
  /** Called with the editor's current text, which may be ahead of `value` by one render. */
  onRun(code: string): void
  readOnly: boolean
  lineNumbers: boolean
  minLines?: number
  maxLines?: number
  errorLine: number | null
  label: string
  hint: string
  escapeHint: string
  hintId: string
  errorLabel: (line: number) => string
}

/**
 * The code editor: a highlighted `<pre>` on the server and on the first client render (so hydration matches),
 * then CodeMirror 6 mounted in an effect.
 */
export function CodeEditor(props: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null)
  const viewRef = useRef<EditorView | null>(null)
  const latest = useRef(props)
  useEffect(() => {
    latest.current = props
  })
  const [mounted, setMounted] = useState(false)
  const [focused, setFocused] = useState(false)
  const [escaped, setEscaped] = useState(false)
  const syncing = useRef(false)

  useEffect(() => {
    const host = hostRef.current
    if (!host) return
    const callbacks: EditorCallbacks = {
      onRun: () => latest.current.onRun(viewRef.current?.state.doc.toString() ?? latest.current.value),
      onChange: (code) => {
        if (!syncing.current) latest.current.onChange(code)
      },
      onEscapeMode: setEscaped,
      onFocusChange: setFocused,
    }
    const p = latest.current
    const view = new EditorView({
      parent: host,
      doc: p.value,
      extensions: editorExtensions({
        language: p.language,
        syntax: languageSupport(p.language),
        readOnly: p.readOnly,
        lineNumbers: p.lineNumbers,
        label: p.label,
        hintId: p.hintId,
        errorLabel: (line) => latest.current.errorLabel(line),
        callbacks,
      }),
    })
    viewRef.current = view
    if (p.errorLine !== null) view.dispatch({ effects: setErrorLine.of(p.errorLine) })
    setMounted(true)
    return () => {
      view.destroy()
      viewRef.current = null
    }
    // The view is rebuilt only for a new language or label; everything else is reconfigured in place below.
  }, [props.language, props.label, props.hintId])

  useEffect(() => {
    const view = viewRef.current
    if (!view || view.state.doc.toString() === props.value) return
    syncing.current = true
    try {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: props.value } })
    } finally {
      syncing.current = false
    }
  }, [props.value, mounted])

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: [
        readOnlySetting.reconfigure(readOnlyExtension(props.readOnly)),
        lineNumbersSetting.reconfigure(lineNumbersExtension(props.lineNumbers)),
      ],
    })
  }, [props.readOnly, props.lineNumbers, mounted])

  useEffect(() => {
    viewRef.current?.dispatch({ effects: setErrorLine.of(props.errorLine) })
  }, [props.errorLine, mounted])

  const style = {
    '--rc-min-lines': props.minLines ?? 1,
    '--rc-max-lines': props.maxLines ?? 0,
  } as CSSProperties
  return (
    <div className="rc-editor-wrap">
      <div className="rc-editor" dir="ltr" style={style} data-max-lines={props.maxLines ? '' : undefined}>
        {!mounted && <StaticCode code={props.value} language={props.language} />}
        <div ref={hostRef} className="rc-editor-host" />
      </div>
      <p
        id={props.hintId}
        className="rc-hint"
        data-visible={focused ? '' : undefined}
        data-escaped={escaped ? '' : undefined}
      >
        {escaped ? props.escapeHint : props.hint}
      </p>
    </div>
  )
}
