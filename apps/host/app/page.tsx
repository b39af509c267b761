import { CodeRunner } from '@runcell/react'
import { RuncellShell } from '../components/runcell/RuncellShell'
import { currentFlags, runnerSettings } from '../components/runcell/runner-settings'

const FEEDBACK = '/api/feedback'

const HELLO = `name = "Runcell"
print(f"Hello from {name}!")
print(sum(range(1, 11)))`

const INVENTORY = `inventory = {"apples": 12, "pears": 5, "plums": 0}
print(f"{len(inventory)} kinds of fruit")`

const RESTOCK = `# Runs in the same session: \`inventory\` comes from the snippet above.
empty = [name for name, count in inventory.items() if count == 0]
print("Restock:", ", ".join(empty) or "nothing")`

const CONVERSION_SETUP = `def to_fahrenheit(celsius):
    return celsius * 9 / 5 + 32`

const CONVERSION = `for c in (-40, 0, 37, 100):
    print(f"{c:>4} °C = {to_fahrenheit(c):>5.1f} °F")`

const SQL = `CREATE TABLE books (title TEXT, year INTEGER);
INSERT INTO books VALUES
  ('Structure and Interpretation of Computer Programs', 1985),
  ('The C Programming Language', 1978),
  ('Python Crash Course', 2015);

SELECT title, year FROM books ORDER BY year;`

const JAVASCRIPT = `const words = ['sandbox', 'runner', 'snippet']
const lengths = words.map((word) => \`\${word}: \${word.length}\`)
console.log(lengths.join('\\n'))`

export const metadata = { title: 'Documentation' }

/**
 * The documentation-style home page: runnable Python, SQL and JavaScript snippets, a shared Python session,
 * hidden setup code and a pre-rendered output. The server render already obeys the current switches.
 */
export default async function HomePage() {
  const flags = await currentFlags()
  return (
    <main id="main" className="docs">
      <h1>Runcell</h1>
      <p className="lead">
        Runnable Python, SQL and JavaScript snippets for documentation and courses. Every snippet on this page
        runs in your browser, inside a sandboxed iframe: edit the code and press <kbd>Run</kbd> (or{' '}
        <kbd>Ctrl</kbd>+<kbd>Enter</kbd> in the editor).
      </p>
      <RuncellShell settings={runnerSettings()} initialFlags={flags}>
        <section aria-labelledby="python-heading">
          <h2 id="python-heading">Python</h2>
          <p>
            The first run downloads the Python engine once; later runs start at once. The output below was
            rendered on the server, so you can read it before anything runs.
          </p>
          <CodeRunner
            id="docs-python-hello"
            language="python"
            title="Hello, Python"
            code={HELLO}
            output={'Hello from Runcell!\n55'}
            feedback={FEEDBACK}
          />

          <h3>A shared session</h3>
          <p>
            Snippets with the same <code>session</code> share one interpreter, so a later snippet can use what
            an earlier one defined. Run the first snippet, then the second.
          </p>
          <CodeRunner
            id="docs-python-inventory"
            language="python"
            title="Define the inventory"
            session="docs-inventory"
            code={INVENTORY}
            feedback={FEEDBACK}
          />
          <CodeRunner
            id="docs-python-restock"
            language="python"
            title="Use it in the next snippet"
            session="docs-inventory"
            code={RESTOCK}
            feedback={FEEDBACK}
          />

          <h3>Hidden setup code</h3>
          <p>
            A snippet can run <code>setup</code> code first, out of sight: here it defines{' '}
            <code>to_fahrenheit</code>, so the example stays about the loop.
          </p>
          <CodeRunner
            id="docs-python-setup"
            language="python"
            title="Temperatures"
            session="docs-conversion"
            setup={CONVERSION_SETUP}
            code={CONVERSION}
            feedback={FEEDBACK}
          />
        </section>

        <section aria-labelledby="sql-heading">
          <h2 id="sql-heading">SQL</h2>
          <p>SQL runs on SQLite. Each result set is shown as a table with its row count.</p>
          <CodeRunner
            id="docs-sql-books"
            language="sql"
            title="Books by year"
            code={SQL}
            feedback={FEEDBACK}
          />
        </section>

        <section aria-labelledby="javascript-heading">
          <h2 id="javascript-heading">JavaScript</h2>
          <p>JavaScript runs in a worker with no access to this page, its cookies or the network.</p>
          <CodeRunner
            id="docs-js-lengths"
            language="javascript"
            title="Word lengths"
            code={JAVASCRIPT}
            feedback={FEEDBACK}
          />
        </section>
      </RuncellShell>
    </main>
  )
}
