/** An engine as bin/ reads its descriptor: its language, its files and where they come from. */
export interface EngineEntry {
  language: string
  workerFile: string
  files: readonly { path: string; from: string }[]
  snapshotFolder?: string
}
export function assetFiles(engines?: Record<string, EngineEntry>): { path: string; file: string }[]
export const builtEngines: Record<string, EngineEntry> | null
export function engineFiles(engines: Record<string, EngineEntry>): { path: string; file: string }[]
export function languageOf(path: string, engines: Record<string, EngineEntry>): string | null
export function engineVersions(): { pyodide: string; sqljs: string }
export const snapshotDir: string
export function builtSnapshot(): { path: string; file: string; pyodide: string } | null
