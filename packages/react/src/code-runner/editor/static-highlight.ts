import type { Language } from '@runcell/core'

/** One run of text on a line and its highlight class (the same `tok-*` classes CodeMirror's highlighter uses). */
export interface HighlightedSpan {
  text: string
  className?: string
}

// A few hundred bytes of word lists instead of three Lezer grammars: the static code is what every page with a
// `<CodeRunner>` downloads before the editor, so it must stay tiny; CodeMirror's full highlighting takes over when
// the editor mounts.
const KEYWORDS: Record<Language, Set<string>> = {
  python: words(
    'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case None',
  ),
  sql: words(
    'select from where insert into values update set delete create table drop alter index view primary key not null and or as on join left right inner outer cross group by order having limit offset distinct union all case when then else end if exists begin commit rollback transaction unique default references like in is between with asc desc integer text real blob numeric',
  ),
  javascript: words(
    'break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return super switch this throw try typeof var void while with yield async await static get set null undefined',
  ),
}
const BOOLEANS = words('True False true false')
const DEFINERS = words('def class function')

function words(list: string): Set<string> {
  return new Set(list.split(' '))
}

// Comments, then strings, then numbers, then words; anything else is plain text. Python's triple-quoted strings and
// block comments may span lines, which is why the whole text is tokenised before it is cut into lines.
const TOKENS: Record<Language, RegExp> = {
  python:
    /(#[^\n]*)|((?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$)|'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))|(\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?\b)|([A-Za-z_]\w*)/g,
  sql: /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:''|[^'])*'?)|(\b\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_]\w*)/g,
  javascript:
    /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?|`(?:\\[\s\S]|[^`\\])*`?)|(\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?n?\b)|([A-Za-z_$][\w$]*)/g,
}

/**
 * Highlights `code` into lines of spans without a parser or an editor, for the server render and the first paint.
 * Server and client run the same function, so hydration matches.
 */
export function highlightLines(code: string, language: Language): HighlightedSpan[][] {
  const lines: HighlightedSpan[][] = [[]]
  const push = (text: string, className?: string) => {
    const parts = text.split('\n')
    parts.forEach((part, index) => {
      if (index > 0) lines.push([])
      if (part) lines[lines.length - 1]!.push(className ? { text: part, className } : { text: part })
    })
  }
  const keywords = KEYWORDS[language]
  const pattern = new RegExp(TOKENS[language])
  let last = 0
  let defining = false
  for (const match of code.matchAll(pattern)) {
    const [text, comment, string, number, word] = match
    if (match.index > last) push(code.slice(last, match.index))
    last = match.index + text.length
    if (comment) push(comment, 'tok-comment')
    else if (string) push(string, 'tok-string')
    else if (number) push(number, 'tok-number')
    else if (word) {
      const lower = language === 'sql' ? word.toLowerCase() : word
      if (defining) push(word, 'tok-variableName tok-definition')
      else if (BOOLEANS.has(word)) push(word, 'tok-bool')
      else if (keywords.has(lower)) push(word, 'tok-keyword')
      else push(word, 'tok-variableName')
      defining = DEFINERS.has(word) && language !== 'sql'
      continue
    }
    defining = false
  }
  if (last < code.length) push(code.slice(last))
  return lines
}
