// The benchmark's Chromium: the same binary and flags as the tests (test/support/chromium.ts).
import { chromium } from 'playwright-core'
import { findChromium } from '../scripts/find-chromium.mjs'

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

/** Launches Chromium with a fresh profile. */
export function launchBenchBrowser() {
  return chromium.launch({ executablePath: findChromium(), args: ARGS, headless: true })
}
