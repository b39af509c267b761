import { LANGUAGES, type Language, type RunResult, type SnippetRunner } from '@runcell/core'
import { createEditor, type RunnerEditor } from './editor.js'
import { el, OutputView } from './output-view.js'
import { assetsBaseUrlFor, runtimeFor } from './runtimes.js'
import {
  mergeMessages,
  pageTheme,
  scheduleWarmUp,
  statusText,
  watchPageTheme,
  type CodeRunnerMessageOverrides,
} from '@runcell/react/dom'
// As text (the build's `.css` loader), for each runner's shadow root: the same sheet <CodeRunner> uses.
import RUNNER_CSS from '@runcell/react/code-runner.css'
import { parseLoading } from './warm-up.js'

const ALIASES: Record<string, Language> = { py: 'python', python3: 'python', js: 'javascript', sqlite: 'sql' }

/** The language a name means (`py`, `js` and `sqlite` included), or null. */
export function languageOf(name: string | null | undefined): Language | null {
  const lower = (name ?? '').trim().toLowerCase()
  const language = ALIASES[lower] ?? lower
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : null
}

/** Code as written inside an HTML element: without the blank first and last lines and the common indent. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^[ \t]*\r?\n/, '')
    .replace(/\s+$/, '')
    .split(/\r?\n/)
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0)
  const cut = indents.length ? Math.min(...indents) : 0
  return lines.map((line) => line.slice(cut)).join('\n')
}

// The host element is a block; the runner's own look comes from the React runner's stylesheet.
const HOST_CSS = ':host{display:block}:host([hidden]){display:none}'
let sheet: CSSStyleSheet | null = null

/**
 * One constructed sheet shared by every runner. It must come after CodeMirror's own sheets, which it overrides
 * with selectors of equal weight: CodeMirror prepends its sheets to `adoptedStyleSheets`, so this one, appended,
 * stays last (a `<style>` element would lose to every adopted sheet).
 */
function adoptStyles(shadow: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(HOST_CSS + RUNNER_CSS)
  }
  const own = sheet
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets.filter((s) => s !== own), own]
}
let ids = 0
let pageMessages = mergeMessages()

/**
 * Translates or rewords every runner's strings, as `<CodeRunner messages>` does (the same keys, nested groups
 * merged one level deep). Runners built after the call use them; call it before `upgrade()` or before the
 * elements are in the page.
 * @example
 * setMessages({ run: 'Ausführen', status: { ok: (d) => `Fertig in ${d}.` } })
 */
export function setMessages(overrides: CodeRunnerMessageOverrides): void {
  pageMessages = mergeMessages(overrides)
}

/**
 * `<runcell-runner language="python" session="…">code</runcell-runner>`: a runnable, editable snippet with the
 * same runtime, run semantics, look and accessibility as React's `<CodeRunner>`, in a shadow root so the page's
 * styles for `pre`, `table` or `button` leave it alone. Attributes: `language`, `session`, `read-only`,
 * `autorun`, `loading` (`eager`, `visible`, `click`), `stdin`, `theme` (`light`, `dark`, `auto`) and
 * `assets-base-url`. It fires `runcell-result` with each finished run's result.
 * @example
 * <runcell-runner language="sql" session="shop">SELECT 6 * 7;</runcell-runner>
 */
export class RuncellRunnerElement extends HTMLElement {
  static readonly observedAttributes = ['read-only', 'theme']
  private original: string | null = null
  private runner: SnippetRunner | null = null
  private editor: RunnerEditor | null = null
  private frame: HTMLElement | null = null
  private cleanups: (() => void)[] = []

  /** The code in the editor (before the element is connected: the code it was written with). */
  get code(): string {
    return this.editor?.getCode() ?? this.original ?? dedent(this.textContent ?? '')
  }

  /** Runs the editor's code. Resolves with the result, or null when the element is not connected. */
  run(): Promise<RunResult | null> {
    if (!this.runner || !this.editor) return Promise.resolve(null)
    const stdin = this.getAttribute('stdin') ?? undefined
    return this.runner.run({ code: this.editor.getCode(), stdin })
  }

  /** Stops the current run, if any. */
  stop(): void {
    this.runner?.stop()
  }

  connectedCallback(): void {
    if (this.runner) return
    // theme="auto" follows the page's own switch; one observer serves every runner of the page.
    this.cleanups.push(watchPageTheme(() => this.refreshTheme()))
    this.original ??= dedent(this.textContent ?? '')
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' })
    const language = languageOf(this.getAttribute('language'))
    const frame = el('div', 'rc-runner')
    this.frame = frame
    frame.dataset.theme = this.theme
    adoptStyles(shadow)
    shadow.replaceChildren(frame)
    if (!language) {
      const known = LANGUAGES.join(', ')
      const message = `runcell-runner: unknown language "${this.getAttribute('language') ?? ''}"; use one of ${known}.`
      frame.append(el('p', 'rc-blocked', message))
      frame.lastElementChild?.setAttribute('role', 'note')
      return
    }
    this.build(frame, language)
  }

  disconnectedCallback(): void {
    this.runner?.stop()
    for (const cleanup of this.cleanups.splice(0)) cleanup()
    this.editor?.view.destroy()
    this.runner = null
    this.editor = null
  }

  attributeChangedCallback(name: string): void {
    if (name === 'read-only') this.editor?.setReadOnly(this.hasAttribute('read-only'))
    if (name === 'theme') this.refreshTheme()
  }

  private get theme(): string {
    const theme = this.getAttribute('theme')
    return theme === 'light' || theme === 'dark' ? theme : pageTheme()
  }

  /** Applies the page's theme switch to a runner whose theme is `auto`. */
  refreshTheme(): void {
    if (this.frame) this.frame.dataset.theme = this.theme
  }

  private build(frame: HTMLElement, language: Language): void {
    const messages = pageMessages
    const languageName = messages.languages[language]
    const runtime = runtimeFor(assetsBaseUrlFor(this))
    const session = this.getAttribute('session') || undefined
    const runner = runtime.createRunner({ language, session, code: this.original ?? '' })
    this.runner = runner
    const uid = `rc-el-${(ids += 1)}`
    frame.dataset.language = language
    frame.setAttribute('role', 'group')
    frame.setAttribute('aria-label', messages.runnerLabel(languageName))

    const header = frame.appendChild(el('div', 'rc-header'))
    header.append(el('span', 'rc-language', languageName))
    const wrap = frame.appendChild(el('div', 'rc-editor-wrap'))
    const box = wrap.appendChild(el('div', 'rc-editor'))
    box.dir = 'ltr'
    box.style.setProperty('--rc-min-lines', '1')
    const host = box.appendChild(el('div', 'rc-editor-host'))
    const hint = wrap.appendChild(el('p', 'rc-hint', messages.editorHint))
    hint.id = `${uid}-hint`
    this.editor = createEditor({
      parent: host,
      language,
      code: this.original ?? '',
      readOnly: this.hasAttribute('read-only'),
      label: messages.editorLabel(languageName),
      hintId: hint.id,
      errorLabel: messages.errorGutter,
      onRun: () => void this.run(),
      onEscapeMode: (active) => {
        hint.toggleAttribute('data-escaped', active)
        hint.textContent = active ? messages.escapeHint : messages.editorHint
      },
      onFocusChange: (focused) => hint.toggleAttribute('data-visible', focused),
    })

    const controls = frame.appendChild(el('div', 'rc-controls'))
    const button = (label: string, className = '') => {
      const b = controls.appendChild(el('button', `rc-button${className}`, label))
      b.type = 'button'
      return b
    }
    const runButton = button(messages.run, ' rc-run')
    runButton.setAttribute('aria-keyshortcuts', 'Control+Enter')
    const stopButton = button(messages.stop, ' rc-stop')
    stopButton.hidden = true
    const resetButton = button(messages.reset)
    const copyButton = button(messages.copy)
    const notice = controls.appendChild(el('span', 'rc-notice'))
    notice.setAttribute('role', 'status')
    const status = frame.appendChild(el('p', 'rc-status'))
    status.setAttribute('role', 'status')
    const output = new OutputView(messages)
    frame.append(output.root)

    let wasBusy = false
    const render = () => {
      const snapshot = runner.getSnapshot()
      const { busy } = snapshot
      frame.dataset.status = snapshot.status
      status.dataset.status = snapshot.status
      status.textContent = statusText({
        status: snapshot.status,
        stage: runtime.getEngineState(language).stage,
        result: snapshot.result,
        languageName,
        messages,
      })
      runButton.textContent = busy ? messages.running : messages.run
      runButton.toggleAttribute('aria-disabled', busy)
      if (busy) runButton.setAttribute('aria-disabled', 'true')
      // Stop disappears when the run ends; a keyboard user's focus moves to Run instead of being lost.
      const stopHadFocus = this.shadowRoot?.activeElement === stopButton
      stopButton.hidden = !busy
      if (wasBusy && !busy && stopHadFocus) runButton.focus()
      wasBusy = busy
      this.editor?.setErrorLine(snapshot.errorLine)
      output.update(snapshot.outputs, snapshot.result, busy, snapshot.status !== 'idle')
      output.showInput(snapshot.inputRequest, runner.sendInput)
    }
    let announced: RunResult | null = null
    this.cleanups.push(
      runner.subscribe(() => {
        render()
        const { result } = runner.getSnapshot()
        if (result && result !== announced) {
          announced = result
          this.dispatchEvent(new CustomEvent('runcell-result', { detail: result, bubbles: true }))
        }
      }),
      runtime.subscribe((changed) => {
        if (changed === language) render()
      }),
      () => output.dispose(),
      scheduleWarmUp(this, parseLoading(this.getAttribute('loading')), () => runtime.warmUp(language)) ??
        (() => {}),
    )

    runButton.addEventListener('click', () => {
      if (!runner.getSnapshot().busy) void this.run()
    })
    stopButton.addEventListener('click', () => runner.stop())
    resetButton.addEventListener('click', () => this.editor?.setCode(this.original ?? ''))
    copyButton.addEventListener('click', async () => {
      const code = this.code
      const copied = await navigator.clipboard?.writeText(code).then(
        () => true,
        () => false,
      )
      notice.textContent = copied ? messages.copied : messages.copyFailed
      setTimeout(() => (notice.textContent = ''), 4000)
    })
    render()
    if (this.hasAttribute('autorun')) void this.run()
  }
}
