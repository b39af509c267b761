import { join } from 'node:path'
import { CodeRunner } from '@runcell/react'
import { RuncellShell } from '../../../components/runcell/RuncellShell'
import { currentFlags, runnerSettings } from '../../../components/runcell/runner-settings'
import { EXAMPLE_PACKAGES, missingPythonPackages } from '../../../server/python-packages'

export const metadata = { title: 'Python packages' }
export const dynamic = 'force-dynamic'

const CODE = `import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

frame = pd.DataFrame({"x": np.arange(10), "y": np.arange(10) ** 2})
frame.plot(x="x", y="y", title="Squares")
plt.show()
frame.describe()
`

/**
 * numpy, pandas and matplotlib from the site's own package index. The build copies them into the assets when
 * RUNCELL_PYODIDE_DIST names a Pyodide release folder (or its CDN full/ URL); without them, the page says which
 * are missing and how to add them, instead of a runner that can only fail.
 */
export default async function PackagesPage() {
  // The assets copy that /runcell/ serves (see app/runcell/[...path]/route.ts).
  const missing = missingPythonPackages(join(process.cwd(), 'dist', 'runcell-assets'), EXAMPLE_PACKAGES)
  const flags = await currentFlags()
  return (
    <main id="main" className="docs">
      <h1>Python packages</h1>
      <p className="lead">
        numpy, pandas and matplotlib, loaded from this site&apos;s own package index. Your code still has no
        network: only this page fetches the wheels, and each is checked against the index&apos;s lock file.
      </p>
      {missing.length > 0 ? (
        <section aria-labelledby="missing-heading" className="notice" role="status">
          <h2 id="missing-heading">This example needs packages the site does not have</h2>
          <p>
            Missing from the assets&apos; package index (<code>/runcell/pyodide/</code>):{' '}
            <strong>{missing.join(', ')}</strong>.
          </p>
          <p>
            Download the Pyodide release that matches <code>@runcell/core</code>&apos;s Pyodide, then build
            with <code>RUNCELL_PYODIDE_DIST</code> pointing at its folder (or at the CDN&apos;s{' '}
            <code>full/</code> URL):
          </p>
          <pre>
            <code>RUNCELL_PYODIDE_DIST=/path/to/pyodide npm run build -w apps/host</code>
          </pre>
          <p>
            The build then runs{' '}
            <code>runcell assets dist/runcell-assets --packages {EXAMPLE_PACKAGES.join(',')} --from …</code>.
            See docs/packages.md.
          </p>
        </section>
      ) : (
        <RuncellShell settings={runnerSettings()} initialFlags={flags}>
          <CodeRunner
            id="packages-pandas"
            language="python"
            title="pandas and matplotlib"
            code={CODE}
            minLines={10}
            timeoutMs={120_000}
          />
        </RuncellShell>
      )}
    </main>
  )
}
