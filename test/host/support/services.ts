import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../support/free-port'

const PG_BIN = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
].find((dir) => existsSync(join(dir, 'postgres')))

function aptInstall(packages: string[]): void {
  if (process.getuid?.() !== 0) throw new Error(`Install ${packages.join(' ')} (apt-get install) and rerun.`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env })
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'ignore',
    env,
  })
  if (result.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed.`)
}

/** Makes sure a Debian package's command exists, installing the package from apt when it doesn't. */
export function ensureCommand(command: string, aptPackage: string): boolean {
  const found = () => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0
  if (found()) return true
  try {
    aptInstall([aptPackage])
  } catch {
    return false
  }
  return found()
}

/** A throwaway PostgreSQL on 127.0.0.1 with trust auth, in a temp dir. */
export interface TestPostgres {
  url: string
  port: number
  stop(): Promise<void>
  start(): Promise<void>
  remove(): Promise<void>
}

// PostgreSQL refuses to run as root, so as root it runs as the postgres user.
function asPostgres(args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', ...args]]
    : [args[0] as string, args.slice(1)]
}

/** Starts PostgreSQL (installing it from apt when missing). */
export async function startPostgres(): Promise<TestPostgres> {
  let bin = PG_BIN
  if (!bin) {
    aptInstall(['postgresql'])
    bin = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find(
      (dir) => existsSync(join(dir, 'postgres')),
    )
    if (!bin) throw new Error('PostgreSQL is not installed and apt could not install it.')
  }
  const dir = mkdtempSync(join(tmpdir(), 'runcell-pg-'))
  chmodSync(dir, 0o700)
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    chownSync(dir, uid, gid)
  }
  const [cmd, args] = asPostgres([
    join(bin, 'initdb'),
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ])
  const init = spawnSync(cmd, args, { encoding: 'utf8' })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const port = await freePort()
  let child: ChildProcess | null = null

  async function start(): Promise<void> {
    const [c, a] = asPostgres([
      join(bin as string, 'postgres'),
      '-D',
      join(dir, 'data'),
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ])
    child = spawn(c, a, { stdio: 'ignore' })
    const ready = join(bin as string, 'pg_isready')
    for (let i = 0; i < 100; i++) {
      if (spawnSync(ready, ['-h', '127.0.0.1', '-p', String(port)]).status === 0) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('PostgreSQL did not start in 10 s.')
  }
  async function stop(): Promise<void> {
    const running = child
    if (!running || running.exitCode !== null) return
    // SIGINT is PostgreSQL's fast shutdown: open connections are cut, as in a crash of the server.
    const exited = new Promise((resolve) => running.once('exit', resolve))
    // runuser does not pass signals on, so signal the postmaster itself (its pid is in postmaster.pid).
    const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    process.kill(pid, 'SIGINT')
    await exited
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async remove() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A throwaway Redis on 127.0.0.1 without persistence. */
export interface TestRedis {
  url: string
  stop(): Promise<void>
}

/** Starts redis-server (installing it from apt when missing). */
export async function startRedis(): Promise<TestRedis> {
  if (!ensureCommand('redis-server', 'redis-server'))
    throw new Error('redis-server is missing and apt failed.')
  const port = await freePort()
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG')
      break
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
