import { chromium, type Browser, type Page } from 'playwright-core'
import { findChromium } from '../../scripts/find-chromium.mjs'

// The flags this machine needs: no sandbox as root, and no background traffic to a closed network.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches Chromium with a fresh profile (Playwright makes a new user-data-dir per launch). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: ARGS, headless: true })
}

/** Collects console errors and page errors, so a test can assert that a page ran clean. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  return errors
}
