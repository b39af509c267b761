import type { Metadata } from 'next'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import '@runcell/react/styles.css'
import { SiteHeader } from '../components/site/SiteHeader'
import './styles.css'

export const metadata: Metadata = {
  title: { default: 'Runcell', template: '%s · Runcell' },
  description: 'Runnable Python, SQL and JavaScript snippets, isolated in a sandboxed iframe.',
  // No favicon request: the app ships none, and a 404 per page view is noise in the logs.
  icons: { icon: 'data:,' },
}

/** The root layout: the site header and system fonts only, nothing loaded from the internet. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, the 404 page included: the CSP nonce differs on each response, and
  // Next can only put it on its scripts while rendering.
  await connection()
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        {children}
        <footer className="site-footer">
          <p>
            Code runs in your browser, in a sandboxed iframe. The server receives run timings (when monitoring
            is on) and the feedback you send, never your code.
          </p>
        </footer>
      </body>
    </html>
  )
}
