import { expect } from 'vitest'
import { ADMIN_TOKEN } from './host-app'
import { hostFetch } from './host-fetch'

/** A valid telemetry record, as createTelemetryExporter sends it; `over` replaces fields. */
export function record(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timestamp: Date.now(),
    executionId: `exec-${Math.random().toString(36).slice(2)}`,
    language: 'python',
    duration: 42,
    success: true,
    codeSize: 120,
    codeHash: 'h1',
    outcome: 'ok',
    queueMs: 3,
    engineVersion: '314.0.7',
    ...over,
  }
}

/** POSTs JSON (or a raw string) and returns the response. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return hostFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** The admin bearer header. */
export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

/** Calls an admin route with the bearer token. */
export function adminCall(url: string, method = 'POST', body?: unknown): Promise<Response> {
  return hostFetch(url, {
    method,
    headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

/** The newest audit records. */
export async function auditLog(base: string, limit = 20): Promise<Array<Record<string, unknown>>> {
  const response = await adminCall(`${base}/api/admin/audit?limit=${limit}`, 'GET')
  return ((await response.json()) as { records: Array<Record<string, unknown>> }).records
}

/** The served flags, keyed. */
export async function servedFlags(base: string): Promise<Map<string, Record<string, unknown>>> {
  const response = await hostFetch(`${base}/api/flags`)
  const { flags } = (await response.json()) as { flags: Array<Record<string, unknown>> }
  return new Map(flags.map((flag) => [String(flag.key), flag]))
}

/** A metric sample's value from Prometheus text, or 0. */
export function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels))
  return line ? Number(line.split(' ').at(-1)) : 0
}

/** The parts of the health+json document that tests read. */
export interface HealthBody {
  status: string
  checks: Record<string, Array<{ status: string; time: string; output?: string }>>
}

/**
 * Polls /api/health until it answers `status` (health is checked in the background, once a second) and returns
 * its document; fails after 20 s.
 */
export async function healthUntil(base: string, status: number): Promise<HealthBody> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const response = await hostFetch(`${base}/api/health`)
    const body = (await response.json()) as HealthBody
    if (response.status === status) return body
    if (Date.now() > deadline) throw new Error(`/api/health stayed ${response.status}, not ${status}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Checks the security headers every /api/ response carries (server/http/security-headers.ts), each once. */
export function expectApiSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  expect(response.headers.get('x-frame-options')).toBe('DENY')
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
}
