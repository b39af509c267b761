import { RuncellError } from '../errors.js'
import type { ExecutionObserver } from '../monitor/record.js'
import { DEFAULT_LIMITS } from '../protocol/limits.js'
import {
  resolvePythonPackages,
  type PythonPackagesConfig,
  type ResolvedPythonPackages,
} from './python-packages.js'
import type { ResultCacheOptions } from './result-cache.js'

/** Settings of `createRuntime`. Only `assetsBaseUrl` is required. */
export interface RuntimeConfig {
  /** Where the runner assets live (runner.html, the workers, pyodide/, sql/), e.g. '/runcell/'. */
  assetsBaseUrl: string
  /**
   * A runner page to frame instead of the one this page writes itself: `runner.html` served with `runnerCsp()`,
   * e.g. from its own site, or on a page whose own Content-Security-Policy would block the written one (it
   * inherits the page's policy). Unset by default, so no static host's redirects, MIME types or CORS settings
   * matter (docs/security.md).
   */
  runnerUrl?: string
  /** Runs in flight at once, page-wide (default 10). */
  maxConcurrent?: number
  /** Running time per run in ms (default 30 000). */
  timeoutMs?: number
  /** Engine memory per interpreter in MB (default 100). */
  memoryLimitMb?: number
  /** Characters of stdout + stderr kept per run (default 1 000 000). */
  outputLimitChars?: number
  /** Rows kept per SQL result set (default 1000). */
  maxRows?: number
  /** How long an engine may take to load (default 90 s). */
  engineLoadTimeoutMs?: number
  /** How long the runner page may take to answer the handshake before runs fail as RunnerUnavailable (20 s). */
  handshakeTimeoutMs?: number
  /** Result cache for isolated runs that ask for it; `false` turns it off. */
  cache?: ResultCacheOptions | false
  /** Told about every execution; pass a monitor from `createMonitor`. */
  observer?: ExecutionObserver
  /** Extra iframe `allow` features, e.g. 'cross-origin-isolated'. */
  allow?: string
  /** Also keep engine files in Cache Storage, so a later visit skips the download (default true). */
  engineFileCache?: boolean
  /**
   * Let running code ask the reader for input (Python `input()`, JS `await prompt()`) once a run's `stdin` is used
   * up (default true). When false, reading past `stdin` is the end of input everywhere.
   */
  interactiveInput?: boolean
  /**
   * How Python waits for the reader: `'auto'` (shared memory on cross-origin isolated pages, else JSPI where the
   * browser has it, else replay) or `'replay'` everywhere. See docs/input.md.
   */
  inputMechanism?: InputMechanism
  /**
   * Where Python packages come from: a Pyodide distribution folder (`indexUrl`, default `${assetsBaseUrl}pyodide/`)
   * and the names user code may load (`allow`, default `'any'`). Only the host page fetches from it. See
   * docs/packages.md.
   */
  pythonPackages?: PythonPackagesConfig
}

/** How Python waits for the reader's input: see {@link RuntimeConfig.inputMechanism}. */
export type InputMechanism = 'auto' | 'replay'

/** The checked config with every default filled in. */
export type ResolvedRuntimeConfig = Required<
  Omit<RuntimeConfig, 'observer' | 'allow' | 'cache' | 'pythonPackages' | 'runnerUrl'>
> &
  Pick<RuntimeConfig, 'observer' | 'allow' | 'cache' | 'runnerUrl'> & {
    pythonPackages: ResolvedPythonPackages
  }

function positiveInteger(
  name: string,
  value: number | undefined,
  fallback: number,
  max: number,
  min = 1,
): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RuncellError(
      'INVALID_CONFIG',
      `createRuntime: "${name}" must be a whole number from ${min} to ${max}; got ${String(value)}.`,
    )
  }
  return value
}

/** Checks a runtime config and fills in the defaults. Throws a RuncellError naming the bad field. */
export function resolveRuntimeConfig(config: RuntimeConfig): ResolvedRuntimeConfig {
  if (typeof config !== 'object' || config === null) {
    throw new RuncellError(
      'INVALID_CONFIG',
      'createRuntime needs a config object with at least "assetsBaseUrl".',
    )
  }
  if (typeof config.assetsBaseUrl !== 'string' || config.assetsBaseUrl.trim() === '') {
    throw new RuncellError(
      'INVALID_CONFIG',
      'createRuntime: "assetsBaseUrl" is required: the URL where the Runcell runner assets are served, e.g. "/runcell/".',
    )
  }
  if (
    config.inputMechanism !== undefined &&
    config.inputMechanism !== 'auto' &&
    config.inputMechanism !== 'replay'
  ) {
    throw new RuncellError(
      'INVALID_CONFIG',
      `createRuntime: "inputMechanism" must be 'auto' or 'replay'; got ${JSON.stringify(config.inputMechanism)}.`,
    )
  }
  const assetsBaseUrl = config.assetsBaseUrl.endsWith('/') ? config.assetsBaseUrl : `${config.assetsBaseUrl}/`
  if (config.runnerUrl !== undefined && typeof config.runnerUrl !== 'string') {
    throw new RuncellError('INVALID_CONFIG', 'createRuntime: "runnerUrl" must be a URL string.')
  }
  const pythonPackages = resolvePythonPackages(config.pythonPackages, assetsBaseUrl)
  if (typeof pythonPackages === 'string')
    throw new RuncellError('INVALID_CONFIG', `createRuntime: ${pythonPackages}`)
  return {
    assetsBaseUrl,
    runnerUrl: config.runnerUrl,
    maxConcurrent: positiveInteger('maxConcurrent', config.maxConcurrent, DEFAULT_LIMITS.maxConcurrent, 1000),
    timeoutMs: positiveInteger('timeoutMs', config.timeoutMs, DEFAULT_LIMITS.timeoutMs, 3_600_000),
    memoryLimitMb: positiveInteger(
      'memoryLimitMb',
      config.memoryLimitMb,
      DEFAULT_LIMITS.memoryLimitMb,
      4096,
      16,
    ),
    outputLimitChars: positiveInteger(
      'outputLimitChars',
      config.outputLimitChars,
      DEFAULT_LIMITS.outputLimitChars,
      2_000_000,
    ),
    maxRows: positiveInteger('maxRows', config.maxRows, DEFAULT_LIMITS.maxRows, 100_000),
    engineLoadTimeoutMs: positiveInteger(
      'engineLoadTimeoutMs',
      config.engineLoadTimeoutMs,
      DEFAULT_LIMITS.engineLoadTimeoutMs,
      3_600_000,
    ),
    handshakeTimeoutMs: positiveInteger(
      'handshakeTimeoutMs',
      config.handshakeTimeoutMs,
      DEFAULT_LIMITS.handshakeTimeoutMs,
      600_000,
    ),
    cache: config.cache,
    observer: config.observer,
    allow: config.allow,
    engineFileCache: config.engineFileCache !== false,
    interactiveInput: config.interactiveInput !== false,
    inputMechanism: config.inputMechanism ?? 'auto',
    pythonPackages,
  }
}
