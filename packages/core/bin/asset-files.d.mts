export function assetFiles(): { path: string; file: string }[]
export function engineVersions(): { pyodide: string; sqljs: string }
export const snapshotDir: string
export function builtSnapshot(): { path: string; file: string; pyodide: string } | null
