import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import './styles.css'

export const metadata: Metadata = {
  title: 'Runcell',
  description: 'Runnable Python, SQL and JavaScript snippets, isolated in a sandboxed iframe.',
}

/** The root layout: system fonts only, nothing loaded from the internet. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
