// Loads Runcell's element module from the assets folder copied to _static/runcell/ and upgrades the marked blocks.
import(new URL('runcell/runcell-elements.js', document.currentScript.src).href).then(({ upgrade }) =>
  upgrade(),
)
