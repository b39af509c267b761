// The React demo page for the <CodeRunner> browser tests: the snippets of the `npm start` demo, as runners.
// `?view=many` renders 30 runners (10 per language) that run on mount.
export const CODE_RUNNER_APP = String.raw`
import { createRoot } from 'react-dom/client'
import { CodeRunner, RuncellProvider } from '@runcell/react'

const PY = "import math\nfor n in range(1, 4):\n    print(n, math.factorial(n))"
const SQL = "CREATE TABLE langs(name TEXT, year INT);\nINSERT INTO langs VALUES ('Python', 1991), ('SQL', 1974), ('JavaScript', 1995);\nSELECT name, year FROM langs ORDER BY year;"
const JS = "const squares = [1, 2, 3].map((n) => n * n)\nconsole.log('squares', squares)\nawait new Promise((r) => setTimeout(r, 100))\nsquares.reduce((a, b) => a + b)"

function Demo() {
  return (
    <main>
      <h1>Runcell React demo</h1>
      <CodeRunner id="py" language="python" title="Python" code={PY} loading="eager" />
      <CodeRunner id="sql" language="sql" title="SQL" code={SQL} loading="eager" />
      <CodeRunner id="js" language="javascript" title="JavaScript" code={JS} loading="eager" />
    </main>
  )
}

const MANY = { python: (i) => 'print(' + i + ' * 2)', sql: (i) => 'SELECT ' + i + ' * 2 AS n;', javascript: (i) => 'console.log(' + i + ' * 2)' }
function Many() {
  const runners = []
  for (const language of Object.keys(MANY)) {
    for (let i = 0; i < 10; i++) {
      runners.push(<CodeRunner key={language + i} language={language} code={MANY[language](i)} autoRun title={language + ' ' + i} />)
    }
  }
  return (
    <main>
      <h1>Thirty runners</h1>
      {runners}
    </main>
  )
}

const view = new URLSearchParams(location.search).get('view')
createRoot(document.getElementById('root')).render(
  <RuncellProvider config={{ assetsBaseUrl: window.RUNCELL_ASSETS, timeoutMs: 60000 }}>
    {view === 'many' ? <Many /> : <Demo />}
  </RuncellProvider>,
)
`
