import { diagnoseRunner } from './runner-diagnosis.js'
import { RuncellError } from '../errors.js'
import { NONCE_PARAM, type HostMessage, type RunnerMessage } from '../protocol/messages.js'
import { parseHello, parseRunnerPost } from '../protocol/validate.js'

/** An open channel to a runner page in a sandboxed iframe. */
export interface SandboxConnection {
  /** Resolves once the runner has answered the handshake. */
  ready: Promise<void>
  /** Sends a message to the runner. */
  send(message: HostMessage): void
  /** Listens to checked runner messages. Returns the unsubscribe function. */
  onMessage(listener: (message: RunnerMessage) => void): () => void
  /** Removes the iframe, which ends every worker inside it. */
  destroy(): void
}

export interface SandboxOptions {
  runnerUrl: string
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
 * `allow-same-origin`, so its origin is opaque whatever URL it loads. The handshake is accepted only from
 * that frame's window with the nonce this page chose; `event.origin` is "null" for every sandboxed frame and
 * proves nothing.
 */
export function connectSandbox({
  runnerUrl,
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
  frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden'
  const url = new URL(runnerUrl, document.baseURI)
  url.hash = `${NONCE_PARAM}=${nonce}`
  frame.src = url.href

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
    timer = setTimeout(() => {
      window.removeEventListener('message', onHandshake)
      const fail = (cause: string) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        reject(
          new RuncellError(
            'RUNNER_UNAVAILABLE',
            `The Runcell runner at ${url.origin}${url.pathname} did not answer within ${handshakeTimeoutMs / 1000} s (gave up after ${seconds} s). ${cause}`,
          ),
        )
      }
      diagnoseRunner(url).then(fail, () =>
        fail('Check that runner.html and runner.js are served there (run "npx runcell assets <dir>").'),
      )
    }, handshakeTimeoutMs)
  })
  ready.catch(() => {})
  window.addEventListener('message', onHandshake)
  document.body.appendChild(frame)

  return {
    ready,
    send(message) {
      if (!port) throw new RuncellError('RUNNER_UNAVAILABLE', 'The Runcell runner is not connected yet.')
      port.postMessage(message)
    },
    onMessage(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      clearTimeout(timer)
      window.removeEventListener('message', onHandshake)
      port?.close()
      listeners.clear()
      frame.remove()
    },
  }
}
