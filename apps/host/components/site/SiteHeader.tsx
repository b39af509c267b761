import Link from 'next/link'

const LINKS = [
  { href: '/', label: 'Docs' },
  { href: '/course', label: 'Course' },
  { href: '/playground', label: 'Playground' },
  { href: '/admin', label: 'Admin' },
] as const

/** The site's banner: a skip link, the name, and the main navigation. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link className="site-name" href="/">
        Runcell
      </Link>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href}>{link.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  )
}
