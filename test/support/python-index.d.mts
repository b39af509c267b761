/** A package of a test-built index. */
export interface TestPackage {
  name: string
  version?: string
  /** Path inside the wheel → text. */
  files: Record<string, string>
  depends?: string[]
  imports?: string[]
  /** A wrong checksum to put in the lock file. */
  sha256?: string
  /** List the package in the lock file without writing its wheel. */
  missing?: boolean
}

/** The pyodide-lock.json written. */
export interface TestLock {
  info: Record<string, unknown>
  packages: Record<string, { file_name: string; sha256: string; depends: string[]; imports: string[] }>
}

export function buildPythonIndex(dir: string, packages: TestPackage[]): TestLock
export const FAKE_MATPLOTLIB: TestPackage
export const PNG_1X1: string
