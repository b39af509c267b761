// @runcell/elements: importing this module defines <runcell-runner>; `upgrade()` turns marked code blocks into
// runners. It ships as one self-contained ES module, runcell-elements.js, in the folder `runcell assets` writes.
import { RuncellRunnerElement } from './runner-element.js'

export { RuncellRunnerElement, setMessages } from './runner-element.js'
export { upgrade } from './upgrade.js'

if (typeof customElements !== 'undefined' && !customElements.get('runcell-runner')) {
  customElements.define('runcell-runner', RuncellRunnerElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'runcell-runner': RuncellRunnerElement
  }
}
