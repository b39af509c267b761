export function assetFiles(): { path: string; file: string }[]
export function engineVersions(): { pyodide: string; sqljs: string }
