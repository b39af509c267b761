import { DEFAULT_LIMITS } from '../protocol/limits.js'
import type { HostMessage, RunnerConfig, RunnerMessage } from '../protocol/messages.js'
import type { Language } from '../protocol/types.js'
import { parseHostMessage } from '../protocol/validate.js'
import { ENGINES } from '../engines/registry.js'
import { EngineFiles } from './engine-files.js'
import { EngineSlot } from './engine-slot.js'
import { PackageBroker } from './python-packages.js'
import { startEngine } from './engine-worker.js'
import { Outbox } from './outbox.js'

/**
 * The runner page's side of the host port: it checks every host message, routes runs to the interpreter of
 * their language, and sends events and results back. The port is the only channel it listens on.
 */
export function serveHost(port: MessagePort): void {
  let config: RunnerConfig = {
    memoryLimitMb: DEFAULT_LIMITS.memoryLimitMb,
    outputLimitChars: DEFAULT_LIMITS.outputLimitChars,
    maxRows: DEFAULT_LIMITS.maxRows,
    engineLoadTimeoutMs: DEFAULT_LIMITS.engineLoadTimeoutMs,
  }
  const outbox = new Outbox((message) => port.postMessage(message))
  const send = (message: RunnerMessage) => outbox.send(message)
  const files = new EngineFiles((paths) => send({ type: 'need-files', paths }))
  const packages = new PackageBroker((requestId, query, held) =>
    send({ type: 'need-packages', requestId, query, held }),
  )
  const slots = new Map<Language, EngineSlot>()
  const slot = (language: Language) => {
    let found = slots.get(language)
    if (!found) {
      const descriptor = ENGINES[language]
      found = new EngineSlot({
        descriptor,
        start: (events) =>
          startEngine(
            {
              descriptor,
              assetsBaseUrl: files.baseUrl,
              config,
              files,
              ...(descriptor.packages ? { packages } : {}),
            },
            events,
          ),
        config: () => config,
        notify: send,
      })
      slots.set(language, found)
    }
    return found
  }
  const runs = new Map<string, Language>()

  const handle = (message: HostMessage) => {
    switch (message.type) {
      case 'configure':
        config = message.config
        files.configure(message.assets)
        return
      case 'warm-up':
        return slot(message.language).warmUp()
      case 'ping':
        // Straight to the port, not through the outbox's batching: the host times the answer.
        return port.postMessage({ type: 'pong' })
      case 'packages':
        return packages.receive(message.requestId, message.answer)
      case 'package-preload':
        return packages.preload(message.wheels)
      case 'package-wheel':
        return packages.ahead(message.wheel)
      case 'engine-file':
        return files.receive(message.path, message.file, message.declined === true)
      case 'stop': {
        const language = runs.get(message.runId)
        if (language) slot(language).stop(message.runId)
        return
      }
      case 'input': {
        const language = runs.get(message.runId)
        if (language) slot(language).answer(message.runId, message.text)
        return
      }
      case 'run': {
        if (runs.has(message.runId)) return
        runs.set(message.runId, message.language)
        const { runId } = message
        slot(message.language).submit({
          ...message,
          replayInput: config.inputMechanism === 'replay',
          event: (event) => send({ type: 'event', runId, event }),
          done: (result) => {
            runs.delete(runId)
            send({ type: 'result', runId, result })
          },
        })
      }
    }
  }

  port.addEventListener('message', (event: MessageEvent) => {
    const message = parseHostMessage(event.data)
    if (message) handle(message)
  })
  port.start()
  addEventListener('pagehide', () => slots.forEach((s) => s.dispose()))
}
