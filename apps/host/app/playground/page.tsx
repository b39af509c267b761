import { CodeRunner } from '@runcell/react'
import { RuncellShell } from '../../components/runcell/RuncellShell'
import { currentFlags, runnerSettings } from '../../components/runcell/runner-settings'

export const metadata = { title: 'Playground' }

const STARTERS = [
  {
    id: 'playground-python',
    language: 'python',
    heading: 'Python',
    code: 'import sys\nprint(sys.version)\n',
  },
  {
    id: 'playground-sql',
    language: 'sql',
    heading: 'SQL',
    code: 'SELECT sqlite_version() AS version;\n',
  },
  {
    id: 'playground-javascript',
    language: 'javascript',
    heading: 'JavaScript',
    code: "console.log('Hello from JavaScript', [1, 2, 3].map((n) => n * n))\n",
  },
] as const

/** The playground: one empty-ish runner per language for trying any code; edits are kept in this browser. */
export default async function PlaygroundPage() {
  const flags = await currentFlags()
  return (
    <main id="main" className="docs">
      <h1>Playground</h1>
      <p className="lead">
        One runner per language, for any code you like. Your edits stay in this browser; Reset brings back the
        starting code.
      </p>
      <RuncellShell settings={runnerSettings()} initialFlags={flags}>
        {STARTERS.map((starter) => (
          <section key={starter.id} aria-labelledby={`${starter.id}-heading`}>
            <h2 id={`${starter.id}-heading`}>{starter.heading}</h2>
            <CodeRunner
              id={starter.id}
              language={starter.language}
              title={`${starter.heading} playground`}
              code={starter.code}
              minLines={8}
            />
          </section>
        ))}
      </RuncellShell>
    </main>
  )
}
