import { connection } from 'next/server'

/** The home page: a placeholder that marks where the runnable demo snippets go. */
export default async function HomePage() {
  // Rendered per request, so that each response carries its own CSP nonce.
  await connection()
  return (
    <main>
      <h1>Runcell</h1>
      <p>Runnable Python, SQL and JavaScript snippets, isolated in a sandboxed iframe.</p>
      {/* SLOT: demo snippets. <CodeRunner> from @runcell/react goes here (Python, SQL, JS; shared session,
          hidden setup code, pre-rendered output), inside <FeatureFlagProvider source="/api/flags">. */}
      <section className="slot" data-slot="demo-snippets" aria-label="Demo snippets">
        <p>The demo snippets go here: one runnable Python, SQL and JavaScript example each.</p>
      </section>
    </main>
  )
}
