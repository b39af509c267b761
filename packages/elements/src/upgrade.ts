import { dedent, languageOf } from './runner-element.js'

// Markers as docs generators emit them: a `data-runcell` attribute or a `runcell` class, on the <pre>, its
// <code>, or a wrapper such as Sphinx's `div.highlight-python` or MkDocs' `div.highlight`.
const MARKED = '[data-runcell], .runcell'
const COPIED = ['session', 'read-only', 'autorun', 'loading', 'stdin', 'theme', 'assets-base-url']

function languageFrom(nodes: Element[]): string | null {
  for (const node of nodes) {
    for (const name of node.classList) {
      const match = /^(?:language|lang|highlight)-(.+)$/.exec(name)
      if (match && languageOf(match[1])) return languageOf(match[1])
    }
    const named = node.getAttribute('data-language') ?? node.getAttribute('data-lang')
    if (languageOf(named)) return languageOf(named)
  }
  return null
}

function attributeFrom(nodes: Element[], name: string): string | null {
  for (const node of nodes) {
    const value = node.getAttribute(`data-${name}`)
    if (value !== null) return value
  }
  // Sphinx can only add classes: `:class: runcell runcell-session-NAME`.
  if (name === 'session') {
    for (const node of nodes) {
      for (const c of node.classList) if (c.startsWith('runcell-session-')) return c.slice(16)
    }
  }
  return null
}

/**
 * Turns the marked code blocks under `root` into `<runcell-runner>` elements: `<pre><code class="language-python">`
 * blocks marked with `data-runcell` or a `runcell` class (on the block or a wrapper). Settings come from `data-`
 * attributes of the same names as the element's (`data-session`, `data-read-only`, `data-autorun`…). `root` is a
 * node (default: the document) or a selector whose every match is upgraded. Returns the new runners.
 * @example
 * import { upgrade } from './runcell/runcell-elements.js'
 * upgrade()
 */
export function upgrade(root: ParentNode | string = document): HTMLElement[] {
  const roots: ParentNode[] = typeof root === 'string' ? [...document.querySelectorAll(root)] : [root]
  const made: HTMLElement[] = []
  for (const scope of roots) {
    const candidates = [...scope.querySelectorAll(MARKED)]
    if (scope instanceof Element && scope.matches(MARKED)) candidates.unshift(scope)
    for (const marked of candidates) {
      // The outermost marked element is replaced; a marked <code> inside a marked <pre> is the same block.
      if (!marked.isConnected || marked.parentElement?.closest(MARKED)) continue
      const pre = marked.matches('pre') ? marked : (marked.querySelector('pre') ?? marked.closest('pre'))
      if (!pre) continue
      const code = pre.querySelector('code')
      const chain = [marked, pre, ...(code ? [code] : [])]
      // Wrappers between the marked element and the <pre> name the language too (Sphinx's div.highlight-python).
      for (
        let node = pre.parentElement;
        node && node !== marked && marked.contains(node);
        node = node.parentElement
      )
        chain.push(node)
      const language = languageFrom(chain)
      if (!language) continue
      const runner = document.createElement('runcell-runner')
      runner.setAttribute('language', language)
      for (const name of COPIED) {
        const value = attributeFrom(chain, name)
        if (value !== null) runner.setAttribute(name, value)
      }
      runner.textContent = dedent(pre.textContent ?? '')
      const replaced = marked.contains(pre) ? marked : pre
      replaced.replaceWith(runner)
      made.push(runner)
    }
  }
  return made
}
