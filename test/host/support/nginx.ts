import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../support/free-port'
import { hostDir } from './host-app'
import { ensureCommand } from './services'

/** The deployment files under test. */
export const deployDir = join(hostDir, 'deploy')
const templatePath = join(deployDir, 'nginx', 'templates', 'runcell.conf.template')

/** The names the test certificate and nginx's server blocks use. */
export const SITE = 'runcell.test'
export const RUNNER = 'run.runcell-cdn.test'

/**
 * Why nginx cannot run here, or null when it can. It is installed from apt when missing, which needs root on
 * a Debian machine; anything else is a reason to skip, written out.
 */
export function nginxUnavailable(): string | null {
  if (existsSync('/usr/sbin/nginx')) return null
  if (process.getuid?.() !== 0)
    return 'nginx is not installed and this test is not root, so apt cannot add it'
  if (!existsSync('/usr/bin/apt-get'))
    return 'nginx is not installed and this is not a Debian machine (no apt)'
  return ensureCommand('nginx', 'nginx') && ensureCommand('openssl', 'openssl')
    ? null
    : 'apt-get install nginx openssl failed'
}

/**
 * Renders the production template the way the nginx image does (envsubst of `${NAME}` with the given values),
 * and fails when the template uses a name the caller did not give.
 */
export function renderTemplate(values: Record<string, string>): string {
  const template = readFileSync(templatePath, 'utf8')
  const used = new Set([...template.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((match) => match[1] as string))
  const missing = [...used].filter((name) => !(name in values))
  if (missing.length) throw new Error(`the nginx template needs ${missing.join(', ')}`)
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => values[name] as string)
}

/** The variables the template reads, as the compose file must set them. */
export function templateVariables(): string[] {
  const template = readFileSync(templatePath, 'utf8')
  return [...new Set([...template.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((match) => match[1] as string))]
}

/** One line of the JSON access log. */
export interface AccessLine {
  reqId: string
  remote: string
  uri: string
  status: number
  upstream: string
  limit: string
}

/** A running nginx on loopback, with TLS from a self-signed certificate. */
export interface TestNginx {
  httpPort: number
  httpsPort: number
  /** The self-signed certificate, to trust in requests. */
  ca: string
  dir: string
  maintenanceDir: string
  accessLog(): AccessLine[]
  stop(): Promise<void>
}

/** Makes a self-signed certificate for the site, the runner origin and 127.0.0.1, in `dir`. */
function makeCertificate(dir: string): void {
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${SITE}`,
      '-addext',
      `subjectAltName=DNS:${SITE},DNS:${RUNNER},IP:127.0.0.1`,
      '-keyout',
      join(dir, 'privkey.pem'),
      '-out',
      join(dir, 'fullchain.pem'),
    ],
    { encoding: 'utf8' },
  )
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`)
}

/**
 * Starts the real nginx on the production template, on loopback high ports, in front of `upstreams`
 * (ports of host servers on 127.0.0.1), listening on `ports` (free ones when not given: pass them when the apps must
 * know their public URLs first). pid, logs and temp files live in a temp dir; workers run as nobody.
 */
export async function startNginx(
  upstreams: [number, number],
  ports?: { http: number; https: number },
): Promise<TestNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'runcell-nginx-'))
  // Workers drop to an unprivileged user: they must reach the temp paths and the maintenance page.
  chmodSync(dir, 0o755)
  const maintenanceDir = join(dir, 'maintenance')
  mkdirSync(maintenanceDir)
  writeFileSync(
    join(maintenanceDir, 'maintenance.html'),
    readFileSync(join(deployDir, 'maintenance', 'maintenance.html')),
  )
  makeCertificate(dir)
  const [httpPort, httpsPort] = ports ? [ports.http, ports.https] : [await freePort(), await freePort()]
  const site = renderTemplate({
    RUNCELL_DOMAIN: SITE,
    RUNNER_DOMAIN: RUNNER,
    RUNCELL_APP_1: `127.0.0.1:${upstreams[0]}`,
    RUNCELL_APP_2: `127.0.0.1:${upstreams[1]}`,
    NGINX_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
    NGINX_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
    NGINX_HTTPS_PORT_SUFFIX: `:${httpsPort}`,
    NGINX_TLS_DIR: dir,
    NGINX_MAINTENANCE_DIR: maintenanceDir,
    NGINX_LOG_DIR: dir,
    NGINX_INTERNAL_CIDR: '10.0.0.0/8',
  })
  writeFileSync(join(dir, 'runcell.conf'), site)
  // The production nginx.conf with this dir's paths: the same http block, minus `user` (the test is root).
  const main = readFileSync(join(deployDir, 'nginx', 'nginx.conf'), 'utf8')
    .replace(/^user .*$/m, '')
    .replace(/^worker_processes .*$/m, 'worker_processes 1;')
    .replace(/^pid .*$/m, `pid ${dir}/nginx.pid;`)
    .replace(/^error_log .*$/m, `error_log ${dir}/error.log warn;`)
    .replace(/worker_connections \d+/, 'worker_connections 1024')
    .replaceAll('/var/cache/nginx', dir)
    .replace('include /etc/nginx/conf.d/runcell.conf;', `include ${dir}/runcell.conf;`)
  if (!main.includes(`include ${dir}/runcell.conf;`))
    throw new Error('nginx.conf no longer includes runcell.conf')
  writeFileSync(join(dir, 'nginx.conf'), main)
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]
  const check = spawnSync('nginx', [...args, '-t'], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`)
  const child = spawn('nginx', [...args, '-g', 'daemon off;'], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  for (let i = 0; ; i++) {
    const up = await request({ port: httpPort, path: '/nginx-health', tls: false }).then(
      (r) => r.status === 200,
      () => false,
    )
    if (up) break
    if (i > 100 || child.exitCode !== null) {
      throw new Error(`nginx did not start:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  const ca = readFileSync(join(dir, 'fullchain.pem'), 'utf8')
  return {
    httpPort,
    httpsPort,
    ca,
    dir,
    maintenanceDir,
    accessLog: () =>
      readFileSync(join(dir, 'access.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AccessLine),
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A response read in full. */
export interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** A request to nginx on 127.0.0.1, over TLS (trusting `ca`, with SNI) unless `tls` is false. */
export interface RequestOptions {
  port: number
  path: string
  method?: string
  host?: string
  headers?: Record<string, string>
  body?: string
  tls?: boolean
  ca?: string
  /** The client's address: any 127.x.y.z, so that each simulated client has its own rate-limit bucket. */
  from?: string
}

/** Sends one request on a fresh connection (no pooling, so nginx sees `from` as the client). */
export function request(options: RequestOptions): Promise<Reply> {
  const host = options.host ?? SITE
  const tls = options.tls ?? true
  const headers: Record<string, string> = {
    host: `${host}:${options.port}`,
    ...(options.body === undefined
      ? {}
      : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) }),
    ...options.headers,
  }
  const base = {
    host: '127.0.0.1',
    port: options.port,
    path: options.path,
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    agent: false as const,
    ...(options.from ? { localAddress: options.from } : {}),
  }
  return new Promise((resolve, reject) => {
    const onResponse = (response: http.IncomingMessage) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      )
      response.on('error', reject)
    }
    const req = tls
      ? https.request({ ...base, servername: host, ca: options.ca }, onResponse)
      : http.request(base, onResponse)
    req.setTimeout(15_000, () => req.destroy(new Error(`${options.path} timed out`)))
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A `fetch` for the browser exporter that goes through nginx from one client address. */
export function fetchThrough(
  nginx: TestNginx,
  from: string,
  onReply: (reply: Reply, body: string) => void,
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input))
    const body = typeof init?.body === 'string' ? init.body : undefined
    const reply = await request({ port: nginx.httpsPort, path: url.pathname, body, ca: nginx.ca, from })
    onReply(reply, body ?? '')
    const headers = new Headers()
    for (const [name, value] of Object.entries(reply.headers)) {
      if (typeof value === 'string') headers.set(name, value)
    }
    return new Response(reply.body, { status: reply.status, headers })
  }) as typeof fetch
}
