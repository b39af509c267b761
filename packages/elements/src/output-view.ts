import type { DisplayEvent, RunnerOutput, RunResult, TableEvent } from '@runcell/core'
import {
  acquireFrameSlot,
  checkHtmlImages,
  checkPng,
  checkSvg,
  HTML_OUTPUT_CSP,
  htmlOutputDocument,
  refusalText,
  watchNearViewport,
  type CodeRunnerMessages,
} from '@runcell/react/dom'

/** Creates an element with a class and, optionally, text; the output is built from these, never from markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function note(text: string, extra = ''): HTMLElement {
  return el('p', `rc-note${extra}`, text)
}

function streamNode(output: { type: 'stdout' | 'stderr'; text: string }): HTMLElement {
  const pre = el('pre', `rc-stream rc-${output.type}`, output.text)
  pre.dir = 'ltr'
  return pre
}

function tableNode(table: TableEvent, index: number, messages: CodeRunnerMessages): HTMLElement {
  const rows = table.rows.length
  const wrap = el('div', 'rc-table-wrap')
  wrap.tabIndex = 0
  wrap.setAttribute('role', 'group')
  wrap.setAttribute('aria-label', messages.tableCaption(index, rows))
  const element = wrap.appendChild(el('table', 'rc-table'))
  const caption = element.appendChild(el('caption', undefined, messages.tableCaption(index, rows)))
  if (table.truncated) caption.append(el('span', 'rc-table-truncated', ` ${messages.truncatedRows(rows)}`))
  const head = element.appendChild(el('thead')).appendChild(el('tr'))
  for (const column of table.columns) head.appendChild(el('th', undefined, column)).scope = 'col'
  const body = element.appendChild(el('tbody'))
  for (const row of table.rows) {
    const tr = body.appendChild(el('tr'))
    for (const cell of row) {
      const td = tr.appendChild(el('td', undefined, cell === null ? messages.nullCell : String(cell)))
      if (cell === null) td.dataset.null = ''
      if (typeof cell === 'number') td.dataset.numeric = ''
    }
  }
  return wrap
}

/**
 * An HTML output as React's `HtmlOutput` makes it: a `sandbox=""` frame with its own CSP (no requests, no
 * navigation), mounted only near the viewport and only a few at a time. Returns the node and its cleanup.
 */
function htmlNode(html: string, messages: CodeRunnerMessages): { node: HTMLElement; dispose(): void } {
  const box = el('div', 'rc-html-box')
  const idle = () => {
    const placeholder = el('div', 'rc-html rc-html-idle')
    placeholder.setAttribute('role', 'img')
    placeholder.setAttribute('aria-label', messages.htmlTitle)
    box.replaceChildren(placeholder)
    delete box.dataset.live
  }
  const live = () => {
    box.dataset.live = ''
    const refusal = checkHtmlImages(html)
    if (refusal) return box.replaceChildren(note(refusalText(refusal, messages), ' rc-image-refused'))
    const frame = el('iframe', 'rc-html')
    frame.setAttribute('sandbox', '')
    frame.setAttribute('referrerpolicy', 'no-referrer')
    // CSP Embedded Enforcement holds the frame to the same policy as the document's preamble.
    frame.setAttribute('csp', HTML_OUTPUT_CSP)
    frame.title = messages.htmlTitle
    frame.srcdoc = htmlOutputDocument(html)
    box.replaceChildren(frame)
  }
  idle()
  let release: (() => void) | null = null
  const stop = watchNearViewport(box, (near) => {
    if (near && !release) release = acquireFrameSlot(live)
    if (!near && release) {
      release()
      release = null
      idle()
    }
  })
  // Without IntersectionObserver there is no viewport to wait for.
  if (!stop) live()
  return {
    node: box,
    dispose: () => {
      stop?.()
      release?.()
    },
  }
}

function imageNode(output: DisplayEvent, messages: CodeRunnerMessages): HTMLElement {
  const png = output.mime === 'image/png'
  const refusal = png ? checkPng(output.data) : checkSvg(output.data)
  if (refusal) return note(refusalText(refusal, messages), ' rc-image-refused')
  const img = el('img', 'rc-image')
  img.alt = messages.imageAlt
  img.decoding = 'async'
  img.loading = 'lazy'
  img.src = png
    ? `data:image/png;base64,${output.data}`
    : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(output.data)}`
  return img
}

let inputs = 0

interface Rendered {
  output: RunnerOutput
  node: HTMLElement
  dispose?: () => void
}

/**
 * The output area: a `role="log"` live region, `aria-busy` while a run streams, filled from the runner's
 * snapshots. Only new or grown outputs touch the DOM, so an HTML output's frame is not rebuilt per batch.
 */
export class OutputView {
  readonly root = el('div', 'rc-output')
  private readonly list = el('div')
  private readonly input = el('div')
  private readonly tail = el('div')
  private rendered: Rendered[] = []
  private tables = 0

  constructor(private readonly messages: CodeRunnerMessages) {
    this.root.setAttribute('role', 'log')
    this.root.setAttribute('aria-live', 'polite')
    this.root.setAttribute('aria-label', messages.outputLabel)
    this.list.style.display = 'contents'
    this.tail.style.display = 'contents'
    this.input.style.display = 'contents'
    this.root.append(this.list, this.input, this.tail)
  }

  /**
   * Shows the field that answers a pending input request after the outputs, where a terminal would read it, or
   * removes it (`null`). The same field <CodeRunner> draws: labelled, focused when it appears, Enter sends, and a
   * status region announces the request (the log itself is `aria-busy` while the run goes on).
   */
  showInput(request: { prompt: string } | null, send: (text: string) => void): void {
    const shown = this.input.firstElementChild as (HTMLElement & { prompt?: string }) | null
    if (!request) return void this.input.replaceChildren()
    if (shown && shown.prompt === request.prompt) return
    const form = el('form', 'rc-input') as HTMLFormElement & { prompt?: string }
    form.prompt = request.prompt
    const id = `rc-input-${(inputs += 1)}`
    const label = form.appendChild(
      el('label', 'rc-visually-hidden', this.messages.inputLabel(request.prompt)),
    )
    label.htmlFor = id
    const field = form.appendChild(el('input', 'rc-input-field')) as HTMLInputElement
    Object.assign(field, { id, type: 'text', dir: 'auto', autocomplete: 'off', spellcheck: false })
    field.setAttribute('autocapitalize', 'off')
    field.setAttribute('enterkeyhint', 'send')
    const button = form.appendChild(el('button', 'rc-button rc-input-send', this.messages.sendInput))
    button.type = 'submit'
    const status = form.appendChild(
      el('p', 'rc-visually-hidden', this.messages.inputRequested(request.prompt)),
    )
    status.setAttribute('role', 'status')
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      send(field.value)
    })
    this.input.replaceChildren(form)
    field.focus({ preventScroll: true })
  }

  /** Shows text given before any run (pre-rendered output, readers without JavaScript). */
  showInitial(text: string): void {
    this.list.replaceChildren(streamNode({ type: 'stdout', text }))
    this.root.removeAttribute('data-empty')
  }

  update(outputs: readonly RunnerOutput[], result: RunResult | null, busy: boolean, started: boolean): void {
    this.root.setAttribute('aria-busy', String(busy))
    if (started) this.sync(outputs)
    this.tail.replaceChildren(...this.tailNodes(result))
    const empty = started && outputs.length === 0 && !result?.error
    this.root.toggleAttribute('data-empty', empty || (!started && this.list.childElementCount === 0))
  }

  dispose(): void {
    for (const item of this.rendered) item.dispose?.()
    this.rendered = []
  }

  private sync(outputs: readonly RunnerOutput[]): void {
    // Every run starts from an empty list (the runner publishes one as it queues), so a shorter list is a new run.
    if (outputs.length === 0 || outputs.length < this.rendered.length) {
      this.dispose()
      this.list.replaceChildren()
      this.tables = 0
    }
    outputs.forEach((output, i) => {
      const current = this.rendered[i]
      if (current?.output === output) return
      // Text of one stream is merged into its last chunk, which grows in place.
      if (current && this.sameStream(current, output)) {
        current.node.textContent = (output as { text: string }).text
        current.output = output
        return
      }
      const made = this.make(output)
      this.rendered[i] = { output, ...made }
      this.list.append(made.node)
    })
  }

  private sameStream(item: Rendered | undefined, output: RunnerOutput | undefined): item is Rendered {
    return Boolean(
      item &&
      output &&
      (output.type === 'stdout' || output.type === 'stderr') &&
      item.output.type === output.type,
    )
  }

  private make(output: RunnerOutput): { node: HTMLElement; dispose?: () => void } {
    const { messages } = this
    if (output.type === 'stdout' || output.type === 'stderr') return { node: streamNode(output) }
    if (output.type === 'table') return { node: tableNode(output, (this.tables += 1), messages) }
    if (output.type === 'display') {
      if (output.mime === 'text/html') return htmlNode(output.data, messages)
      if (output.mime === 'image/png' || output.mime === 'image/svg+xml') {
        return { node: imageNode(output, messages) }
      }
      const pre = el('pre', 'rc-display', output.data)
      pre.dir = 'ltr'
      return { node: pre }
    }
    return { node: el('span') }
  }

  private tailNodes(result: RunResult | null): HTMLElement[] {
    const nodes: HTMLElement[] = []
    const error = result?.error
    if (error) {
      const box = el('div', 'rc-error')
      const title = box.appendChild(el('p', 'rc-error-title'))
      title.append(
        el('strong', 'rc-error-name', error.name),
        ': ',
        el('span', 'rc-error-message', error.message),
      )
      if (error.line !== undefined)
        title.append(el('span', 'rc-error-at', ` (${this.messages.errorAt(error.line)})`))
      if (error.traceback) {
        const trace = box.appendChild(el('pre', 'rc-traceback', error.traceback))
        trace.dir = 'ltr'
        trace.tabIndex = 0
      }
      nodes.push(box)
    }
    if (result?.truncated) nodes.push(note(this.messages.truncatedOutput))
    if (result?.restarted) nodes.push(note(this.messages.restarted))
    return nodes
  }
}
