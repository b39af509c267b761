// A minimal runner on @runcell/core's public runtime, for stories that need a runnable snippet before
// <CodeRunner> lands (packages/react/src/code-runner). It obeys Runcell's execution switches the way
// <CodeRunner> does, through useExecutionSwitch. Replace its uses with <CodeRunner> once that exists.
import { useState } from 'react'
import { createRuntime, type Language, type RunResult, type Runtime } from '@runcell/core'
import { useExecutionSwitch, useFlagDetails } from '../packages/react/src/flags/index.js'

let runtime: Runtime | undefined

/** One runtime for the whole Storybook page, serving the runner assets that staticDirs puts at /runcell/. */
function storyRuntime(): Runtime {
  runtime ??= createRuntime({ assetsBaseUrl: '/runcell/' })
  return runtime
}

const NAMES: Record<Language, string> = { python: 'Python', sql: 'SQL', javascript: 'JavaScript' }

const box = {
  border: '1px solid #6b7280',
  borderRadius: 6,
  padding: 12,
  margin: '0 0 12px',
  maxWidth: 560,
  color: '#111827',
  background: '#ffffff',
  fontFamily: 'system-ui, sans-serif',
} as const

/** Props of {@link DemoRunner}. */
export interface DemoRunnerProps {
  language: Language
  code: string
}

/** A snippet with a Run button that is replaced by the switch's message when a flag turns execution off. */
export function DemoRunner({ language, code }: DemoRunnerProps) {
  const execution = useExecutionSwitch(language)
  const [status, setStatus] = useState<'idle' | 'running' | RunResult['status']>('idle')
  const [result, setResult] = useState<RunResult | null>(null)
  const run = async () => {
    setStatus('running')
    const outcome = await storyRuntime().run({ language, code }).result
    setResult(outcome)
    setStatus(outcome.status)
  }
  const name = NAMES[language]
  return (
    <section style={box} aria-label={`${name} snippet`} data-runner={language}>
      <pre style={{ margin: 0, background: '#f3f4f6', padding: 8 }}>
        <code>{code}</code>
      </pre>
      {execution.allowed ? (
        <button type="button" onClick={run} disabled={status === 'running'} style={{ marginTop: 8 }}>
          Run {name}
        </button>
      ) : (
        <p role="status" data-blocked={execution.flagKey}>
          {execution.message}
        </p>
      )}
      <div role="log" aria-label={`${name} output`} data-status={status}>
        {status === 'running' && <p>Running…</p>}
        {result && <ResultView result={result} />}
      </div>
    </section>
  )
}

function ResultView({ result }: { result: RunResult }) {
  return (
    <>
      <p>
        Status: {result.status} ({Math.round(result.durationMs)} ms)
      </p>
      {result.stdout && <pre data-stream="stdout">{result.stdout}</pre>}
      {result.stderr && <pre style={{ color: '#991b1b' }}>{result.stderr}</pre>}
      {result.outputs.map((output, index) =>
        output.type === 'table' ? (
          <table key={index}>
            <caption>Result set {index + 1}</caption>
            <thead>
              <tr>
                {output.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {output.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{String(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null,
      )}
      {result.error && (
        <p style={{ color: '#991b1b' }}>
          {result.error.name}: {result.error.message}
        </p>
      )}
    </>
  )
}

/** A table of flags as the nearest provider evaluates them: value, variant and OpenFeature reason. */
export function FlagTable({ keys, caption }: { keys: string[]; caption: string }) {
  return (
    <table style={{ ...box, borderCollapse: 'collapse' }}>
      <caption style={{ textAlign: 'start', fontWeight: 600 }}>{caption}</caption>
      <thead>
        <tr>
          {['Flag', 'Value', 'Variant', 'Reason'].map((heading) => (
            <th key={heading} scope="col" style={{ textAlign: 'start', paddingInlineEnd: 16 }}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <FlagRow key={key} flagKey={key} />
        ))}
      </tbody>
    </table>
  )
}

function FlagRow({ flagKey }: { flagKey: string }) {
  const details = useFlagDetails(flagKey)
  return (
    <tr>
      <th scope="row" style={{ textAlign: 'start', fontFamily: 'monospace' }}>
        {flagKey}
      </th>
      <td>{JSON.stringify(details.value) ?? '—'}</td>
      <td>{details.variant ?? '—'}</td>
      <td>{details.reason}</td>
    </tr>
  )
}
