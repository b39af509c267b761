import { useMemo, type ReactNode } from 'react'
import { classHighlighter, highlightCode } from '@lezer/highlight'
import type { Language } from '@runcell/core'
import { languageParser } from './languages.js'

/** Highlighted code as React nodes, with the same `tok-*` classes the editor uses, so both look alike. */
export function highlightToNodes(code: string, language: Language): ReactNode[] {
  const nodes: ReactNode[] = []
  let line: ReactNode[] = []
  const endLine = () => {
    nodes.push(
      <span className="rc-static-line" key={nodes.length}>
        {line.length > 0 ? line : '\n'}
      </span>,
    )
    line = []
  }
  highlightCode(
    code,
    languageParser(language).parse(code),
    classHighlighter,
    (text, classes) => {
      line.push(
        classes ? (
          <span className={classes} key={line.length}>
            {text}
          </span>
        ) : (
          text
        ),
      )
    },
    endLine,
  )
  endLine()
  return nodes
}

/**
 * The code as a highlighted `<pre>`: what the server renders and what hydrates, before the editor mounts.
 * It is also what a reader without JavaScript sees.
 */
export function StaticCode({ code, language }: { code: string; language: Language }) {
  const nodes = useMemo(() => highlightToNodes(code, language), [code, language])
  return (
    <pre className="rc-static" dir="ltr" tabIndex={0}>
      <code>{nodes}</code>
    </pre>
  )
}
