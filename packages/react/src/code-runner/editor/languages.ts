import type { LanguageSupport } from '@codemirror/language'
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript'
import { python, pythonLanguage } from '@codemirror/lang-python'
import { sql, SQLite } from '@codemirror/lang-sql'
import type { Language } from '@runcell/core'

/** The CodeMirror mode of each language; SQL uses the SQLite dialect, since sql.js is SQLite. */
export function languageSupport(language: Language): LanguageSupport {
  if (language === 'python') return python()
  if (language === 'sql') return sql({ dialect: SQLite })
  return javascript()
}

/** The Lezer parser of each language, for highlighting without an editor (server render, first paint). */
export function languageParser(language: Language): typeof pythonLanguage.parser {
  if (language === 'python') return pythonLanguage.parser
  if (language === 'sql') return SQLite.language.parser
  return javascriptLanguage.parser
}
