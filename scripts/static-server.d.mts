export interface Hit {
  method: string
  path: string
  origin: string | null
}
export interface StaticServer {
  port: number
  url: string
  hits: Hit[]
  close(): Promise<void>
}
export interface Page {
  type?: string
  body: string
  headers?: Record<string, string>
}
export function startStaticServer(options?: {
  port?: number
  host?: string
  mounts?: Record<string, string | { path: string; file: string }[]>
  pages?: Record<string, Page>
  headers?: Record<string, string>
}): Promise<StaticServer>
export const ISOLATION_HEADERS: { host: Record<string, string>; assets: Record<string, string> }
