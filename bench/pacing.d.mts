export const RATE_4G: number
export const LATENCY_4G_MS: number
export function productionEncoding(
  type: string | undefined,
  body: Buffer,
  acceptEncoding: string | undefined,
  url?: string,
): { encoding: string | null; body: Buffer }
export interface PacedLogEntry {
  path: string
  status: number
  encoding: string | null
  bytes: number
  start: number
  firstByte?: number
  end?: number
  chunks: [number, number][]
}
export interface PacedOrigin {
  port: number
  url: string
  log: PacedLogEntry[]
  route(upstreamPort: number): void
  prime(paths: string[], acceptEncoding?: string): Promise<void>
  bytesBetween(since: number, until: number): number
  close(): Promise<void>
}
export function startPacedOrigin(options: {
  host: string
  rate?: number
  latencyMs?: number
  encode?: typeof productionEncoding
}): Promise<PacedOrigin>
