import { EditorView } from '@codemirror/view'
import type { Language } from '@runcell/core'
import { editorExtensions, readOnlyExtension, readOnlySetting, setErrorLine } from '@runcell/react/dom'
import { languageSupport } from './languages.js'

/** What the element needs from its editor. */
export interface RunnerEditor {
  readonly view: EditorView
  getCode(): string
  setCode(code: string): void
  setReadOnly(readOnly: boolean): void
  setErrorLine(line: number | null): void
}

/**
 * CodeMirror 6 with the React runner's extensions (keymap, Escape-then-Tab to leave, error gutter, labels), so
 * the element edits, runs and announces exactly as `<CodeRunner>` does.
 */
export function createEditor(options: {
  parent: HTMLElement
  language: Language
  code: string
  readOnly: boolean
  label: string
  hintId: string
  errorLabel: (line: number) => string
  onRun(): void
  onEscapeMode(active: boolean): void
  onFocusChange(focused: boolean): void
}): RunnerEditor {
  const view = new EditorView({
    parent: options.parent,
    doc: options.code,
    extensions: editorExtensions({
      language: options.language,
      syntax: languageSupport(options.language),
      readOnly: options.readOnly,
      lineNumbers: true,
      label: options.label,
      hintId: options.hintId,
      errorLabel: options.errorLabel,
      callbacks: {
        onRun: options.onRun,
        onChange: () => {},
        onEscapeMode: options.onEscapeMode,
        onFocusChange: options.onFocusChange,
      },
    }),
  })
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    setReadOnly: (readOnly) =>
      view.dispatch({ effects: readOnlySetting.reconfigure(readOnlyExtension(readOnly)) }),
    setErrorLine: (line) => view.dispatch({ effects: setErrorLine.of(line) }),
  }
}
