import type { LanguageSupport } from '@codemirror/language'
import { javascript } from '@codemirror/lang-javascript'
import { python } from '@codemirror/lang-python'
import { sql, SQLite } from '@codemirror/lang-sql'
import type { Language } from '@runcell/core'

/** The CodeMirror mode of each language; SQL uses the SQLite dialect, since sql.js is SQLite. */
export function languageSupport(language: Language): LanguageSupport {
  if (language === 'python') return python()
  if (language === 'sql') return sql({ dialect: SQLite })
  return javascript()
}
