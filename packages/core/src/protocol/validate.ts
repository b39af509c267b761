// Schema checks for the messages on Runcell's channels: host ↔ runner over the MessagePort, and the engine
// workers' own messages. Each parser returns a fresh object built from checked fields (so no prototype or
// extra key from the sender survives), or null to drop the message.
import type { EngineRunOutcome, WorkerMessage } from './engine.js'
import {
  MAX_BATCH_MESSAGES,
  MAX_CODE_CHARS,
  MAX_ENGINE_FILE_BYTES,
  MAX_ANSWER_CHARS,
  MAX_ENGINE_FILES,
  MAX_PROMPT_CHARS,
  MAX_FILES,
  MAX_FILES_BYTES,
  MAX_SESSION_CHARS,
  MAX_STDIN_CHARS,
} from './limits.js'
import { parseManifest } from './manifest.js'
import type { HelloMessage, HostMessage, RunnerConfig, RunnerMessage } from './messages.js'
import { parseAnswer, parseHeld, parseNames, parsePreload, parseQuery, parseWheelAhead } from './packages.js'
import { ENGINE_STAGES, ENGINE_STATUSES, LANGUAGES, RUN_ERROR_NAMES, type Language } from './types.js'
import {
  MAX_ID_CHARS,
  MAX_TEXT_CHARS,
  MAX_ROWS_ON_WIRE,
  finite,
  isDict,
  oneOf,
  optionalText,
  text,
} from './checks.js'
import { parseRunCheck } from './validate-check.js'
import { parseOutputEvent, parseRunEnding, parseRunError, parseRunEvent } from './validate-output.js'

/** Checks a language name from untrusted input. */
export function parseLanguage(value: unknown): Language | null {
  return oneOf(value, LANGUAGES)
}

/**
 * Checks an engine's answer to a run. Anything malformed counts as a crash (null), and so does an error under
 * a name only Runcell reports (RUN_ERROR_NAMES): a worker that claims `EngineCrash` is not believed, it is one.
 */
export function parseEngineOutcome(value: unknown): EngineRunOutcome | null {
  if (!isDict(value)) return null
  if (value.status === 'needs-input') {
    const prompt = text(value.prompt, MAX_PROMPT_CHARS)
    return prompt === null ? null : { status: 'needs-input', prompt }
  }
  const status = oneOf(value.status, ENGINE_STATUSES)
  if (!status) return null
  if (value.error === undefined) return { status }
  const error = parseRunError(value.error)
  if (!error || oneOf(error.name, RUN_ERROR_NAMES)) return null
  return { status, error }
}

/** Checks a message an engine worker posted on its own. */
export function parseWorkerMessage(value: unknown): WorkerMessage | null {
  if (!isDict(value)) return null
  if (value.kind === 'runcell:stage') {
    const stage = oneOf(value.stage, ENGINE_STAGES)
    return stage ? { kind: 'runcell:stage', stage } : null
  }
  if (value.kind === 'runcell:event') {
    const runId = text(value.runId, MAX_ID_CHARS)
    const event = parseOutputEvent(value.event)
    return runId !== null && event ? { kind: 'runcell:event', runId, event } : null
  }
  if (value.kind === 'runcell:packages') {
    const runId = text(value.runId, MAX_ID_CHARS)
    const requestId = text(value.requestId, MAX_ID_CHARS)
    const query = parseQuery(value.query)
    return runId !== null && requestId !== null && query
      ? { kind: 'runcell:packages', runId, requestId, query }
      : null
  }
  if (value.kind === 'runcell:inflated') {
    const path = text(value.path, MAX_ID_CHARS)
    return path !== null && value.bytes instanceof ArrayBuffer
      ? { kind: 'runcell:inflated', path, bytes: value.bytes }
      : null
  }
  return null
}

function parseRunnerConfig(value: unknown): RunnerConfig | null {
  if (!isDict(value)) return null
  const memoryLimitMb = finite(value.memoryLimitMb, 16, 4096)
  const outputLimitChars = finite(value.outputLimitChars, 1, MAX_TEXT_CHARS)
  const maxRows = finite(value.maxRows, 1, MAX_ROWS_ON_WIRE)
  const engineLoadTimeoutMs = finite(value.engineLoadTimeoutMs, 1, 3_600_000)
  const inputMechanism =
    value.inputMechanism === undefined ? 'auto' : oneOf(value.inputMechanism, ['auto', 'replay'] as const)
  if (
    !inputMechanism ||
    memoryLimitMb === null ||
    outputLimitChars === null ||
    maxRows === null ||
    engineLoadTimeoutMs === null
  ) {
    return null
  }
  return { memoryLimitMb, outputLimitChars, maxRows, engineLoadTimeoutMs, inputMechanism }
}

/**
 * Checks a run's files: at most MAX_FILES, relative paths without `..`, text or bytes, MAX_FILES_BYTES in all.
 * Returns null when anything is off.
 */
export function parseFiles(value: unknown): Record<string, string | Uint8Array> | null {
  if (!isDict(value)) return null
  const entries = Object.entries(value)
  if (entries.length > MAX_FILES) return null
  const files: Record<string, string | Uint8Array> = Object.create(null) as Record<
    string,
    string | Uint8Array
  >
  let total = 0
  for (const [path, content] of entries) {
    if (!isFilePath(path)) return null
    if (typeof content === 'string') total += content.length
    else if (content instanceof Uint8Array) total += content.byteLength
    else return null
    if (total > MAX_FILES_BYTES) return null
    files[path] = content
  }
  return files
}

/** A relative path of plain segments: no leading '/', no '..', no '%' or ':', no empty or control-character names. */
export function isFilePath(path: string): boolean {
  if (path.length === 0 || path.length > 500 || path.startsWith('/') || path.includes('\\')) return false
  // A URL parser reads '%2e%2e' as '..' and 'http:host/x' as another origin: such a path is no plain file name.
  if (path.includes('%') || path.includes(':')) return false
  // Control characters have no place in a file name and confuse terminals and logs.
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) < 0x20) return false
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** Checks a message from the host page, as the runner receives it. */
export function parseHostMessage(value: unknown): HostMessage | null {
  if (!isDict(value)) return null
  switch (value.type) {
    case 'configure': {
      const config = parseRunnerConfig(value.config)
      const assets = isDict(value.assets) ? value.assets : null
      const baseUrl = assets ? text(assets.baseUrl, 2000) : null
      const manifest = assets?.manifest === null ? null : parseManifest(assets?.manifest)
      if (!config || baseUrl === null || (manifest === null && assets?.manifest !== null)) return null
      return { type: 'configure', config, assets: { baseUrl, manifest } }
    }
    case 'run': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const language = parseLanguage(value.language)
      const code = text(value.code, MAX_CODE_CHARS)
      const session = optionalText(value.session, MAX_SESSION_CHARS)
      const stdin = optionalText(value.stdin, MAX_STDIN_CHARS)
      const timeoutMs = finite(value.timeoutMs, 1, 3_600_000)
      if (
        runId === null ||
        !language ||
        code === null ||
        session === null ||
        stdin === null ||
        timeoutMs === null
      ) {
        return null
      }
      const files = value.files === undefined ? undefined : parseFiles(value.files)
      if (files === null) return null
      const message: HostMessage = { type: 'run', runId, language, code, timeoutMs }
      if (session !== undefined) message.session = session
      if (stdin !== undefined) message.stdin = stdin
      if (files !== undefined) message.files = files
      if (value.packages !== undefined) {
        const packages = parseNames(value.packages)
        if (!packages) return null
        message.packages = packages
      }
      if (value.interactive === true) message.interactive = true
      if (value.setup !== undefined) {
        const setup = text(value.setup, MAX_CODE_CHARS)
        if (setup === null) return null
        message.setup = setup
      }
      if (value.check !== undefined) {
        const check = parseRunCheck(value.check)
        if (!check) return null
        message.check = check
      }
      return message
    }
    case 'input': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const answer = text(value.text, MAX_ANSWER_CHARS)
      return runId === null || answer === null ? null : { type: 'input', runId, text: answer }
    }
    case 'stop': {
      const runId = text(value.runId, MAX_ID_CHARS)
      return runId === null ? null : { type: 'stop', runId }
    }
    case 'warm-up': {
      const language = parseLanguage(value.language)
      return language ? { type: 'warm-up', language } : null
    }
    case 'ping':
      return { type: 'ping' }
    case 'engine-file': {
      const path = text(value.path, 500)
      if (path === null || !isFilePath(path)) return null
      if (value.file === null)
        return {
          type: 'engine-file',
          path,
          file: null,
          ...(value.declined === true ? { declined: true } : {}),
        }
      const ok = value.file instanceof Blob && value.file.size <= MAX_ENGINE_FILE_BYTES
      return ok ? { type: 'engine-file', path, file: value.file as Blob } : null
    }
    case 'packages': {
      const requestId = text(value.requestId, MAX_ID_CHARS)
      const answer = parseAnswer(value.answer)
      return requestId !== null && answer ? { type: 'packages', requestId, answer } : null
    }
    case 'package-preload': {
      const wheels = parsePreload(value.wheels)
      return wheels ? { type: 'package-preload', wheels } : null
    }
    case 'package-wheel': {
      const wheel = parseWheelAhead(value.wheel)
      return wheel ? { type: 'package-wheel', wheel } : null
    }
    default:
      return null
  }
}

/** Checks a message from the runner, as the host receives it. */
export function parseRunnerMessage(value: unknown): RunnerMessage | null {
  if (!isDict(value)) return null
  switch (value.type) {
    case 'event': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const event = parseRunEvent(value.event)
      return runId !== null && event ? { type: 'event', runId, event } : null
    }
    case 'result': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const result = parseRunEnding(value.result)
      return runId !== null && result ? { type: 'result', runId, result } : null
    }
    case 'stage': {
      const language = parseLanguage(value.language)
      const stage = oneOf(value.stage, ENGINE_STAGES)
      const version = optionalText(value.version, 200)
      if (!language || !stage || version === null) return null
      const message: RunnerMessage = { type: 'stage', language, stage }
      if (version !== undefined) message.version = version
      return message
    }
    case 'need-files': {
      const { paths } = value
      if (!Array.isArray(paths) || paths.length > MAX_ENGINE_FILES) return null
      const clean: string[] = []
      for (const path of paths) {
        if (typeof path !== 'string' || path.length > 500 || !isFilePath(path)) return null
        clean.push(path)
      }
      return { type: 'need-files', paths: clean }
    }
    case 'need-packages': {
      const requestId = text(value.requestId, MAX_ID_CHARS)
      const query = parseQuery(value.query)
      const held = parseHeld(value.held ?? [])
      return requestId !== null && query && held ? { type: 'need-packages', requestId, query, held } : null
    }
    case 'pong':
      return { type: 'pong' }
    default:
      return null
  }
}

/**
 * Checks what the runner posted, a message or a batch of them, and returns the valid messages in order. A batch
 * inside a batch, or one over MAX_BATCH_MESSAGES, is dropped.
 */
export function parseRunnerPost(value: unknown): RunnerMessage[] {
  if (!isDict(value) || value.type !== 'batch') {
    const single = parseRunnerMessage(value)
    return single ? [single] : []
  }
  const { messages } = value
  if (!Array.isArray(messages) || messages.length > MAX_BATCH_MESSAGES) return []
  return messages.flatMap((message: unknown) => {
    const parsed = parseRunnerMessage(message)
    return parsed ? [parsed] : []
  })
}

/** Checks the runner's handshake message. */
export function parseHello(value: unknown): HelloMessage | null {
  if (!isDict(value) || value.type !== 'runcell:hello') return null
  const nonce = text(value.nonce, 200)
  return nonce ? { type: 'runcell:hello', nonce } : null
}
