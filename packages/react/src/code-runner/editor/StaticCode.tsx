import { useMemo, type ReactNode } from 'react'
import type { Language } from '@runcell/core'
import { highlightLines } from './static-highlight.js'

/** Highlighted code as React nodes, with the same `tok-*` classes the editor uses, so both look alike. */
export function highlightToNodes(code: string, language: Language): ReactNode[] {
  return highlightLines(code, language).map((spans, line) => (
    <span className="rc-static-line" key={line}>
      {spans.length > 0
        ? spans.map((span, i) =>
            span.className ? (
              <span className={span.className} key={i}>
                {span.text}
              </span>
            ) : (
              span.text
            ),
          )
        : '\n'}
    </span>
  ))
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
