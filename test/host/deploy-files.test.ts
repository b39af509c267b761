import { spawn, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port'
import { ADMIN_TOKEN, ensureBuilt, hostDir } from './support/host-app'
import { deployDir, templateVariables } from './support/nginx'
import { ensureCommand, startPostgres, type TestPostgres } from './support/services'
import { hostFetch } from './support/host-fetch'

const repoRoot = join(hostDir, '..', '..')
const scripts = ['deploy.sh', 'migrate.sh', 'rollback.sh', 'maintenance.sh']
const sh = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(join(deployDir, script), args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  })

/** The runtime stage's `COPY --from=build <src> <dest>` lines, and its HEALTHCHECK and CMD. */
function runtimeStage() {
  const dockerfile = readFileSync(join(deployDir, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ')
  const stage = dockerfile.slice(dockerfile.indexOf(' AS runtime'))
  const copies = [...stage.matchAll(/^COPY --from=build (\S+) (\S+)$/gm)].map(([, src, dest]) => ({
    src: src as string,
    dest: dest as string,
  }))
  const json = (instruction: string) =>
    JSON.parse(new RegExp(`^${instruction}\\s.*?(\\[.*\\])\\s*$`, 'm').exec(stage)?.[1] ?? '[]') as string[]
  return { stage, copies, healthcheck: json('HEALTHCHECK'), cmd: json('CMD') }
}

describe('deployment files', () => {
  let postgres: TestPostgres | undefined
  const temp = mkdtempSync(join(tmpdir(), 'runcell-deploy-'))

  beforeAll(() => ensureBuilt())
  afterAll(async () => {
    await postgres?.remove()
    rmSync(temp, { recursive: true, force: true })
  })

  it("lays out the Dockerfile's runtime stage from the real build, and that layout serves the app and runs the CLI", async () => {
    const { stage, copies, healthcheck, cmd } = runtimeStage()
    expect(stage).toMatch(/^USER runcell:runcell$/m)
    expect(copies.length).toBeGreaterThanOrEqual(4)
    // WORKDIR /app in the build stage is the repository root here.
    const app = join(temp, 'app')
    for (const { src, dest } of copies) {
      const from = join(repoRoot, src.replace(/^\/app\//, ''))
      expect(existsSync(from), `${src} exists after the build`).toBe(true)
      cpSync(from, join(app, dest), { recursive: true, verbatimSymlinks: true })
    }
    expect(existsSync(join(app, 'apps/host/dist/server/main.js'))).toBe(true)
    expect(cmd).toEqual(['node', 'apps/host/dist/server/main.js'])

    const data = join(temp, 'data')
    mkdirSync(data)
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      RUNCELL_DATA_DIR: data,
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
    }
    const cli = (command: string) =>
      spawnSync('node', ['apps/host/dist/cli/cli.js', command], { cwd: app, env, encoding: 'utf8' })
    expect(cli('migrate').stdout).toMatch(/migrate: applied 2/)
    expect(cli('verify').status).toBe(0)

    const port = await freePort()
    const server = spawn(cmd[0] as string, cmd.slice(1), {
      cwd: app,
      env: { ...env, PORT: String(port), HOSTNAME: '127.0.0.1' },
      stdio: 'ignore',
    })
    try {
      const base = `http://127.0.0.1:${port}`
      let live = false
      for (let i = 0; i < 150 && !live; i++) {
        live = await hostFetch(`${base}/api/livez`).then(
          (r) => r.ok,
          () => false,
        )
        if (!live) await new Promise((r) => setTimeout(r, 100))
      }
      expect(live).toBe(true)
      const page = await (await hostFetch(`${base}/`)).text()
      const chunk = /\/_next\/static\/[^"]+\.js/.exec(page)?.[0] ?? ''
      expect((await hostFetch(`${base}${chunk}`)).status).toBe(200)
      expect((await hostFetch(`${base}/runcell/runner.html`)).status).toBe(200)
      expect((await hostFetch(`${base}/runcell/pyodide/pyodide.asm.wasm`, { method: 'HEAD' })).status).toBe(
        200,
      )
      // The image's HEALTHCHECK command, as Docker would run it.
      expect(stage).toMatch(/^HEALTHCHECK .* CMD \[/m)
      const probe = spawnSync(healthcheck[0] as string, healthcheck.slice(1), {
        env: { ...env, PORT: String(port) },
        encoding: 'utf8',
      })
      expect(probe.status).toBe(0)
    } finally {
      server.kill('SIGTERM')
    }
  })

  it('passes docker-compose config, with health checks everywhere and every nginx template variable set', (context) => {
    if (!ensureCommand('docker-compose', 'docker-compose'))
      context.skip('docker-compose is missing and apt failed')
    const compose = join(deployDir, 'docker-compose.prod.yml')
    const result = spawnSync(
      'docker-compose',
      ['--env-file', join(deployDir, '.env.example'), '-f', compose, 'config'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', RUNCELL_ENV_FILE: '.env.example' },
      },
    )
    expect(result.stderr).not.toMatch(/ERROR/)
    expect(result.status).toBe(0)
    const config = result.stdout
    const services = spawnSync(
      'docker-compose',
      ['--env-file', join(deployDir, '.env.example'), '-f', compose, 'config', '--services'],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', RUNCELL_ENV_FILE: '.env.example' } },
    )
    expect(services.stdout.trim().split('\n').sort()).toEqual(['app1', 'app2', 'nginx', 'postgres', 'redis'])
    expect(config.match(/^ {4}healthcheck:$/gm)).toHaveLength(5)
    expect(config).toContain('RUNCELL_TRUSTED_PROXIES: 172.30.0.10')
    expect(config).toContain('DATABASE_URL: postgres://runcell:change-me-too@postgres:5432/runcell')
    for (const name of templateVariables()) expect(config, name).toMatch(new RegExp(`^ {6}${name}:`, 'm'))
    // A missing secret stops compose with a message instead of deploying an empty password.
    const missing = spawnSync('docker-compose', ['-f', compose, 'config'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', RUNCELL_ENV_FILE: '.env.example' },
      cwd: temp,
    })
    expect(missing.status).not.toBe(0)
    expect(missing.stderr).toMatch(/set (POSTGRES_PASSWORD|RUNCELL_DOMAIN|RUNNER_DOMAIN) in \.env/)
  })

  it('has deploy scripts that parse, and print their usage on --help and on a wrong argument', () => {
    for (const script of [...scripts, 'lib.sh']) {
      expect(spawnSync('bash', ['-n', join(deployDir, script)]).status, script).toBe(0)
    }
    for (const script of scripts) {
      const help = sh(script, ['--help'])
      expect(help.status, script).toBe(0)
      expect(help.stdout, script).toMatch(new RegExp(`^usage: ${script.replace('.', '\\.')}`))
      const wrong = sh(script, ['--no-such-option'])
      expect(wrong.status, script).toBe(2)
      expect(wrong.stderr, script).toContain('usage:')
    }
  })

  it('plans a rolling deploy with --dry-run: build, backup, migrate, app1, app2, nginx, smoke check', () => {
    const envFile = join(temp, 'dry.env')
    const example = readFileSync(join(deployDir, '.env.example'), 'utf8')
    writeFileSync(envFile, example.replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${ADMIN_TOKEN}`))
    const history = join(temp, 'history')
    writeFileSync(history, '2026-01-01T00:00:00Z aaa111\n2026-01-02T00:00:00Z bbb222\n')
    const env = { RUNCELL_ENV_FILE: envFile, RUNCELL_HISTORY_FILE: history, COMPOSE: 'docker compose' }
    const deploy = sh('deploy.sh', ['--dry-run', '--tag', 'ccc333'], env)
    expect(deploy.status, deploy.stderr).toBe(0)
    const steps = deploy.stdout.split('\n').filter((line) => line.startsWith('+ '))
    const index = (pattern: RegExp) => steps.findIndex((line) => pattern.test(line))
    const order = [
      /compose .* build app1$/,
      /up -d postgres redis$/,
      /exec -T postgres pg_dump -U runcell -d runcell --format=custom$/,
      /run --rm --no-deps -T app1 node apps\/host\/dist\/cli\/cli\.js migrate$/,
      /cli\.js verify$/,
      /up -d --no-deps app1$/,
      /wait until app1 is healthy/,
      /up -d --no-deps app2$/,
      /wait until app2 is healthy/,
      /exec -T nginx nginx -s reload$/,
      /curl .*https:\/\/runcell\.example\.com\/health/,
      /record ccc333/,
    ].map(index)
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(deploy.stdout).not.toContain('change-me')
    expect(readFileSync(history, 'utf8')).not.toContain('ccc333')

    const rollback = sh('rollback.sh', ['--dry-run'], env)
    expect(rollback.status, rollback.stderr).toBe(0)
    expect(rollback.stderr).toContain('rolling back to runcell-host:aaa111')
    const maintenance = sh('maintenance.sh', ['on', '--dry-run'], { ...env, ADMIN_TOKEN })
    expect(maintenance.stdout).toContain(
      'curl -X POST https://runcell.example.com/api/admin/maintenance/enable',
    )
    expect(maintenance.stdout).not.toContain(ADMIN_TOKEN)
    const placeholderEnv = join(temp, 'placeholder.env')
    writeFileSync(placeholderEnv, example)
    const placeholder = sh('deploy.sh', ['--dry-run'], { ...env, RUNCELL_ENV_FILE: placeholderEnv })
    expect(placeholder.status).toBe(1)
    expect(placeholder.stderr).toContain('ADMIN_TOKEN is a placeholder')
    expect(placeholder.stdout + placeholder.stderr).not.toContain('change-me-to')
    const noEnv = sh('deploy.sh', ['--dry-run'], { RUNCELL_ENV_FILE: join(temp, 'missing.env') })
    expect(noEnv.status).toBe(1)
    expect(noEnv.stderr).toContain('copy .env.example to .env')
  })

  it('migrate.sh --direct backs up with pg_dump before migrating, and rollback.sh --direct restores that dump', async () => {
    postgres = await startPostgres()
    const backups = join(temp, 'backups')
    const env = { DATABASE_URL: postgres.url, RUNCELL_BACKUP_DIR: backups, RUNCELL_TAG: 'test' }
    const first = sh('migrate.sh', ['--direct'], env)
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toContain('migrate: applied 2 (0001_initial, 0002_exercise_checks)')
    expect(first.stdout).toContain('verify: ok')
    const client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    try {
      const insert = (id: string) =>
        client.query(
          `INSERT INTO executions (execution_id, ts, language, outcome, success, duration_ms, code_size, code_hash)
           VALUES ($1, now(), 'python', 'ok', true, 1, 1, 'h')`,
          [id],
        )
      await insert('before-deploy')
      const second = sh('migrate.sh', ['--direct'], env)
      expect(second.status, second.stderr).toBe(0)
      expect(second.stdout).toContain('migrate: applied 0 (none), 2 already applied')
      const dumps = readdirSync(backups).filter((name) => name.endsWith('-test.dump'))
      expect(dumps).toHaveLength(2)
      await insert('after-deploy')
      const newest = join(backups, dumps.sort().at(-1) as string)
      const restore = sh('rollback.sh', ['--direct', '--restore-db', newest], env)
      expect(restore.status, restore.stderr).toBe(0)
      const { rows } = await client.query<{ execution_id: string }>('SELECT execution_id FROM executions')
      expect(rows.map((row) => row.execution_id)).toEqual(['before-deploy'])
    } finally {
      await client.end()
    }
  })
})
