import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language'
import { Compartment, EditorState, type Extension } from '@codemirror/state'
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view'
import { classHighlighter } from '@lezer/highlight'
import type { Language } from '@runcell/core'
import { errorLineExtension } from './error-marker.js'

/** Settings that change without rebuilding the editor. */
export const readOnlySetting = new Compartment()
export const lineNumbersSetting = new Compartment()

/** What the editor calls back into the runner. */
export interface EditorCallbacks {
  onRun(): void
  onChange(code: string): void
  /** Escape pressed: the next Tab leaves (`true`), or the reader went on typing (`false`). */
  onEscapeMode(active: boolean): void
  onFocusChange(focused: boolean): void
}

export function readOnlyExtension(readOnly: boolean): Extension {
  return EditorState.readOnly.of(readOnly)
}

export function lineNumbersExtension(show: boolean): Extension {
  return show ? lineNumbers() : []
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'Tab', 'Escape'])

/** Escape makes the next Tab leave the editor until the reader types again, so keyboard users are never trapped. */
function escapeToLeave(callbacks: EditorCallbacks): Extension {
  return EditorView.domEventHandlers({
    keydown(event, view) {
      if (event.key === 'Escape') {
        // CodeMirror's own Escape handling allows leaving for 2 s only; after it, keep the mode until a key is typed.
        queueMicrotask(() => view.setTabFocusMode(true))
        callbacks.onEscapeMode(true)
      } else if (!MODIFIERS.has(event.key)) {
        view.setTabFocusMode(false)
        callbacks.onEscapeMode(false)
      }
      return false
    },
    focus() {
      callbacks.onFocusChange(true)
    },
    blur(_event, view) {
      view.setTabFocusMode(false)
      callbacks.onEscapeMode(false)
      callbacks.onFocusChange(false)
    },
  })
}

/**
 * Everything a runner's editor is made of, for one language. `syntax` is that language's CodeMirror mode, passed
 * in so each host picks its grammar: <CodeRunner> the Lezer ones, the element lighter stream modes.
 */
export function editorExtensions(options: {
  language: Language
  syntax: Extension
  readOnly: boolean
  lineNumbers: boolean
  label: string
  hintId: string
  errorLabel: (line: number) => string
  callbacks: EditorCallbacks
}): Extension {
  const { callbacks } = options
  return [
    lineNumbersSetting.of(lineNumbersExtension(options.lineNumbers)),
    errorLineExtension(options.errorLabel),
    history(),
    drawSelection(),
    highlightActiveLine(),
    indentOnInput(),
    bracketMatching(),
    syntaxHighlighting(classHighlighter),
    options.syntax,
    // PEP 8 indents Python by four spaces; CodeMirror's default unit is two.
    indentUnit.of(options.language === 'python' ? '    ' : '  '),
    readOnlySetting.of(readOnlyExtension(options.readOnly)),
    keymap.of([
      { key: 'Mod-Enter', run: () => (callbacks.onRun(), true), preventDefault: true },
      { key: 'Shift-Enter', run: () => (callbacks.onRun(), true), preventDefault: true },
      indentWithTab,
      ...defaultKeymap,
      ...historyKeymap,
    ]),
    escapeToLeave(callbacks),
    EditorView.contentAttributes.of({
      'aria-label': options.label,
      'aria-describedby': options.hintId,
      'aria-multiline': 'true',
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) callbacks.onChange(update.state.doc.toString())
    }),
  ]
}
