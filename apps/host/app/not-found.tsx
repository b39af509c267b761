import Link from 'next/link'

/** The 404 page, inside the site's layout. */
export default function NotFound() {
  return (
    <main id="main">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Try the <Link href="/">documentation</Link>, the{' '}
        <Link href="/course">course</Link> or the <Link href="/playground">playground</Link>.
      </p>
    </main>
  )
}
