// The benchmark's Chromium: the same binary and flags as the tests (test/support/chromium.ts).
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs'

/** Launches Chromium with a fresh profile. */
export function launchBenchBrowser() {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true })
}
