// The React page for the <Exercise> browser tests: one exercise per language, one with a broken check, and a
// table of contents over their progress. Every onCheck call is recorded on window.checks.
export const EXERCISE_APP = String.raw`
import { createRoot } from 'react-dom/client'
import { Exercise, RuncellProvider, useExerciseProgress } from '@runcell/react'

const IDS = ['sql-count', 'py-sum', 'js-double']
window.checks = []
const record = (id) => (result, info) => window.checks.push({ id, ...result, ...info })

function Toc() {
  const { passed, total } = useExerciseProgress(IDS)
  return <p id="toc">{passed} of {total} solved</p>
}

function Section({ heading, children }) {
  return (
    <section aria-label={heading}>
      <h2>{heading}</h2>
      {children}
    </section>
  )
}

function App() {
  return (
    <main>
      <h1>Exercises</h1>
      <Toc />
      <Section heading="SQL">
        <Exercise
          id="sql-count"
          language="sql"
          title="Count"
          code={"CREATE TABLE t(x INT);\nINSERT INTO t VALUES (1), (2), (3);\nSELECT x FROM t;"}
          check={{ expect: { columns: ['n'], rows: [[3]] } }}
          hints={['count(*) counts the rows.', 'SELECT count(*) AS n FROM t;']}
          solution={"CREATE TABLE t(x INT);\nINSERT INTO t VALUES (1), (2), (3);\nSELECT count(*) AS n FROM t;"}
          solutionAfterAttempts={1}
          onCheck={record('sql-count')}
          loading="eager"
        >
          <p>Count the rows of t in a column called n.</p>
        </Exercise>
      </Section>
      <Section heading="Python">
        <Exercise
          id="py-sum"
          language="python"
          title="Sum"
          code="total = 0"
          check={{ code: "assert ns.get('total') == 6, f\"total should be 6, not {ns.get('total')}\"" }}
          onCheck={record('py-sum')}
        >
          <p>Set total to the sum of 1, 2 and 3.</p>
        </Exercise>
        <Exercise
          id="py-broken"
          language="python"
          title="Broken check"
          code="x = 1"
          check={{ code: "assert nss['x'] == 1" }}
          onCheck={record('py-broken')}
        >
          <p>This exercise's check has a bug.</p>
        </Exercise>
      </Section>
      <Section heading="JavaScript">
        <Exercise
          id="js-double"
          language="javascript"
          title="Double"
          code={"function double(n) {\n  return n\n}"}
          check={{ code: "assert.equal(ns.double(4), 8, 'double(4) should be 8')" }}
          onCheck={record('js-double')}
        >
          <p>Make double return twice its argument.</p>
        </Exercise>
      </Section>
    </main>
  )
}

createRoot(document.getElementById('root')).render(
  <RuncellProvider config={{ assetsBaseUrl: window.RUNCELL_ASSETS, timeoutMs: 60000 }}>
    <App />
  </RuncellProvider>,
)
`
