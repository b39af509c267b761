import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../support/free-port'
import { hostFetch } from './host-fetch'

/** The host app's folder. */
export const hostDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'host')
/**
 * The server the tests start: the host's own entry (front door, then Next). RUNCELL_HOST_SERVER points the
 * suites at another build's entry, such as an older standalone `server.js`, to see a new test fail on it first.
 */
const serverEntry = process.env.RUNCELL_HOST_SERVER ?? join(hostDir, 'dist', 'server', 'main.js')

/** The admin token every test host starts with. */
export const ADMIN_TOKEN = 'test-admin-token-7f3c9a1e5b2d4c6e8a0f'

// The first start migrates a fresh embedded database; on a loaded 2-core machine that alone took 40-100 s.
const START_TIMEOUT_MS = 120_000

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', '.data', 'dist'].includes(entry.name)) continue
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Builds the host once when `.next` is missing or older than its sources (the root build normally did it), so
 * every test file can start the server at once.
 */
export function ensureBuilt(): void {
  if (process.env.RUNCELL_HOST_SERVER) return
  const buildId = join(hostDir, '.next', 'BUILD_ID')
  const built = [buildId, join(hostDir, 'dist', 'cli', 'cli.js'), serverEntry].every((path) =>
    existsSync(path),
  )
  if (built && statSync(buildId).mtimeMs >= newestSource(hostDir)) return
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: hostDir,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  })
  if (result.status !== 0) throw new Error('Building apps/host failed; run "npm run build -w @runcell/host".')
}

/** A running host app (its server entry). */
export interface HostApp {
  url: string
  port: number
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Milliseconds from spawn to the first answer of /api/livez. */
  startMs: number
  stop(): Promise<void>
}

/** A fresh data directory for an embedded (PGlite) host. */
export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'runcell-host-'))

/** Starts the host's server on 127.0.0.1 and a free port with `env`, and waits until it answers. */
export async function startHost(env: Record<string, string> = {}): Promise<HostApp> {
  const port = await freePort()
  let output = ''
  const started = Date.now()
  const child: ChildProcess = spawn(process.execPath, [serverEntry], {
    cwd: hostDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      ADMIN_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('wait'), 200))])
    if (code !== 'wait') throw new Error(`the host exited with ${String(code)}:\n${output}`)
    const ok = await hostFetch(`${url}/api/livez`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() - started > START_TIMEOUT_MS) {
      // Not left running: a host still migrating keeps a core of this shared machine busy.
      child.kill('SIGKILL')
      throw new Error(`the host did not answer in ${START_TIMEOUT_MS / 1000} s:\n${output}`)
    }
  }
  return {
    url,
    port,
    output: () => output,
    startMs: Date.now() - started,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      // Next waits for open outbound requests (an alert to a hanging receiver) before exiting; don't.
      const timer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs the host's CLI (db:migrate and friends) with `env`; returns its exit code and output. */
export function runCli(
  command: string,
  env: Record<string, string>,
): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(hostDir, 'dist', 'cli', 'cli.js'), command], {
    cwd: hostDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}
