import { LanguageSupport, StreamLanguage, type StreamParser } from '@codemirror/language'
import { javascript } from '@codemirror/legacy-modes/mode/javascript'
import { python } from '@codemirror/legacy-modes/mode/python'
import { sqlite } from '@codemirror/legacy-modes/mode/sql'
import type { Language } from '@runcell/core'

const MODES: Record<Language, StreamParser<unknown>> = { python, sql: sqlite, javascript } as Record<
  Language,
  StreamParser<unknown>
>

/**
 * The element's CodeMirror modes, in place of the React runner's Lezer grammars (the editor passes them to the
 * shared extensions as their `syntax`). CodeMirror's stream modes highlight with the same `tok-*` classes at a fraction of
 * the bytes: the Lezer grammars and their LR runtime are ~170 KB minified (JavaScript's alone is 76 KB, with
 * TypeScript and JSX), and the element must stay within 150 KB gzip in one file, CodeMirror included.
 */
export function languageSupport(language: Language): LanguageSupport {
  return new LanguageSupport(StreamLanguage.define(MODES[language]))
}
