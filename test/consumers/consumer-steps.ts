// The steps every consumer test takes: run a command with a time limit and say which step failed and what it
// printed, and start (and stop) a long-running server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'

/** The environment consumer commands run in: no telemetry, no funding or audit chatter. */
export const consumerEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  DOCUSAURUS_TELEMETRY_DISABLED: '1',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
}

/** Runs one step of a consumer's setup; on failure, throws with the step's name and its last output. */
export function step(name: string, command: string, args: string[], cwd: string, timeout: number): number {
  const started = Date.now()
  const run = spawnSync(command, args, {
    cwd,
    env: consumerEnv,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  })
  const seconds = (Date.now() - started) / 1000
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n')
    const why = run.error
      ? `${run.error.message} after ${seconds.toFixed(1)} s`
      : `exit ${run.status} after ${seconds.toFixed(1)} s`
    throw new Error(`${name} failed (${why}): ${command} ${args.join(' ')} in ${cwd}\n${output}`)
  }
  console.log(`${name}: ${seconds.toFixed(1)} s`)
  return seconds
}

/** Starts a long-running server command and resolves once `url` answers 200 within `limitMs`. */
export async function startServer(
  command: string,
  args: string[],
  cwd: string,
  url: string,
  limitMs: number,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd,
    env: consumerEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const deadline = Date.now() + limitMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return child
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  stopServer(child)
  throw new Error(`${command} ${args.join(' ')} did not serve ${url} within ${limitMs / 1000} s:\n${output}`)
}

/** Stops a server started by `startServer`, with everything it forked. */
export function stopServer(child: ChildProcess | undefined): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM') // its own process group: the server and anything it forked
    } catch {
      // already gone
    }
  }
}
