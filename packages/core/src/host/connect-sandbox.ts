import { diagnoseRunner, diagnoseScript, framedPageBlocked, trustedTypesBlocked } from './runner-diagnosis.js'
import { runnerDocument } from './runner-document.js'
import { RuncellError } from '../errors.js'
import { NONCE_PARAM, type HostMessage, type RunnerMessage } from '../protocol/messages.js'
import { parseHello, parseRunnerPost } from '../protocol/validate.js'

/** An open channel to a runner page in a sandboxed iframe. */
export interface SandboxConnection {
  /** Resolves once the runner has answered the handshake. */
  ready: Promise<void>
  /** Sends a message to the runner, moving the buffers in `transfer` (the sender can't use them after). */
  send(message: HostMessage, transfer?: Transferable[]): void
  /** Listens to checked runner messages. Returns the unsubscribe function. */
  onMessage(listener: (message: RunnerMessage) => void): () => void
  /** Removes the iframe, which ends every worker inside it. */
  destroy(): void
}

export interface SandboxOptions {
  /**
   * A runner page to frame (runner.html served with `runnerCsp`, e.g. from its own site). Without one, the page
   * writes the runner page itself into the iframe's srcdoc, from `runnerScript`.
   */
  runnerUrl?: string
  /** Fetches runner.js as text for the page written here; rejects with its URL when it can't be read. */
  runnerScript: () => Promise<string>
  /** The URL of runner.js, for the error message when it can't be read. */
  runnerScriptUrl: string
  handshakeTimeoutMs?: number
  /** Extra `allow` features, e.g. 'cross-origin-isolated' on isolated pages. */
  allow?: string
}

function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Creates the runner iframe and opens its port. The frame gets `sandbox="allow-scripts"` and never
 * `allow-same-origin`, so its origin is opaque whether it is the page written here (the default) or a URL. The
 * handshake is accepted only from that frame's window with the nonce this page chose; `event.origin` is "null"
 * for every sandboxed frame and proves nothing.
 */
export function connectSandbox({
  runnerUrl,
  runnerScript,
  runnerScriptUrl,
  handshakeTimeoutMs = 20_000,
  allow,
}: SandboxOptions): SandboxConnection {
  const nonce = makeNonce()
  const frame = document.createElement('iframe')
  frame.setAttribute('sandbox', 'allow-scripts')
  if (allow) frame.setAttribute('allow', allow)
  frame.setAttribute('aria-hidden', 'true')
  frame.setAttribute('tabindex', '-1')
  frame.title = 'Runcell code runner'
  // Zero-sized, not `visibility:hidden`: Chromium runs the renderer of a hidden cross-process frame as a background
  // process (on Linux its main thread, which relays every message to and from the engines, at nice 5), so a busy
  // tab slowed every run's round trip.
  frame.style.cssText = 'position:absolute;width:0;height:0;border:0'
  const url = runnerUrl ? new URL(runnerUrl, document.baseURI) : null
  if (url) url.hash = `${NONCE_PARAM}=${nonce}`
  const where = url ? `${url.origin}${url.pathname}` : `from ${runnerScriptUrl}`
  let destroyed = false

  const listeners = new Set<(message: RunnerMessage) => void>()
  let port: MessagePort | null = null
  let onHandshake: (event: MessageEvent) => void = () => {}
  let timer: ReturnType<typeof setTimeout> | undefined

  const ready = new Promise<void>((resolve, reject) => {
    onHandshake = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || port) return
      const hello = parseHello(event.data)
      const received = event.ports[0]
      if (!hello || hello.nonce !== nonce || !received) return
      port = received
      port.addEventListener('message', (message: MessageEvent) => {
        for (const parsed of parseRunnerPost(message.data)) listeners.forEach((listener) => listener(parsed))
      })
      port.start()
      window.removeEventListener('message', onHandshake)
      clearTimeout(timer)
      resolve()
    }
    const started = performance.now()
    const fail = (what: string, cause: string) => {
      window.removeEventListener('message', onHandshake)
      clearTimeout(timer)
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      reject(
        new RuncellError(
          'RUNNER_UNAVAILABLE',
          `The Runcell runner ${where} ${what} (gave up after ${seconds} s). ${cause}`,
        ),
      )
    }
    timer = setTimeout(() => {
      const what = `did not answer within ${handshakeTimeoutMs / 1000} s`
      const diagnosis = url ? diagnoseRunner(url) : Promise.resolve(framedPageBlocked())
      diagnosis.then(
        (cause) => fail(what, cause),
        () =>
          fail(
            what,
            'Check that runner.html and runner.js are served there (run "npx runcell assets <dir>").',
          ),
      )
    }, handshakeTimeoutMs)
    if (url) {
      frame.src = url.href
      document.body.appendChild(frame)
      return
    }
    runnerScript().then(
      (source) => {
        if (destroyed) return
        try {
          frame.srcdoc = runnerDocument(source, nonce)
        } catch {
          // The one sink that throws here is Trusted Types; waiting for the handshake would only add 20 s.
          return fail('could not write its runner page', trustedTypesBlocked())
        }
        document.body.appendChild(frame)
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error)
        diagnoseScript(runnerScriptUrl).then(
          (cause) => fail(`could not start: ${message}`, cause),
          () => fail(`could not start: ${message}`, 'Run "npx runcell assets <dir>".'),
        )
      },
    )
  })
  ready.catch(() => {})
  window.addEventListener('message', onHandshake)

  return {
    ready,
    send(message, transfer = []) {
      if (!port) throw new RuncellError('RUNNER_UNAVAILABLE', 'The Runcell runner is not connected yet.')
      port.postMessage(message, transfer)
    },
    onMessage(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      destroyed = true
      clearTimeout(timer)
      window.removeEventListener('message', onHandshake)
      port?.close()
      listeners.clear()
      frame.remove()
    },
  }
}
