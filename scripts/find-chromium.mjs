// The one Chromium finder lives in @runcell/core's bin (its `runcell check` needs it too); tests and the bench
// import it from here as before.
export { CHROMIUM_ARGS, findChromium } from '../packages/core/bin/find-chromium.mjs'
