import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hostFetch } from './host-fetch'

/** The host app's folder. */
export const hostDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'host')
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')

/** The admin token every test host starts with. */
export const ADMIN_TOKEN = 'test-admin-token-7f3c9a1e5b2d4c6e8a0f'

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

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
 * every test file can start `next start` at once.
 */
export function ensureBuilt(): void {
  const buildId = join(hostDir, '.next', 'BUILD_ID')
  const cli = join(hostDir, 'dist', 'cli', 'cli.js')
  if (existsSync(buildId) && existsSync(cli) && statSync(buildId).mtimeMs >= newestSource(hostDir)) return
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: hostDir,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  })
  if (result.status !== 0) throw new Error('Building apps/host failed; run "npm run build -w @runcell/host".')
}

/** A running `next start` of the host app. */
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

/** Starts `next start` on 127.0.0.1 and a free port with `env`, and waits until it answers. */
export async function startHost(env: Record<string, string> = {}): Promise<HostApp> {
  const port = await freePort()
  let output = ''
  const started = Date.now()
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: hostDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        ADMIN_TOKEN,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('wait'), 200))])
    if (code !== 'wait') throw new Error(`next start exited with ${String(code)}:\n${output}`)
    const ok = await hostFetch(`${url}/api/livez`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() - started > 60_000) throw new Error(`next start did not answer in 60 s:\n${output}`)
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
