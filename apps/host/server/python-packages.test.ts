import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { missingPythonPackages } from './python-packages'

let root: string | null = null
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true })
  root = null
})

function assets(lock: unknown, wheels: string[]): string {
  root = mkdtempSync(join(tmpdir(), 'runcell-host-assets-'))
  mkdirSync(join(root, 'pyodide'))
  writeFileSync(join(root, 'pyodide', 'pyodide-lock.json'), JSON.stringify(lock))
  for (const wheel of wheels) writeFileSync(join(root, 'pyodide', wheel), 'wheel')
  return root
}

describe('missingPythonPackages', () => {
  it('names packages the lock file lists without their wheel, and those it does not list', () => {
    const dir = assets(
      {
        packages: {
          numpy: { name: 'numpy', file_name: 'numpy-2.whl' },
          pandas: { name: 'pandas', file_name: 'pandas-3.whl' },
        },
      },
      ['numpy-2.whl'],
    )
    expect(missingPythonPackages(dir, ['numpy', 'pandas', 'matplotlib'])).toEqual(['pandas', 'matplotlib'])
  })

  it('names every package when the assets have no lock file', () => {
    root = mkdtempSync(join(tmpdir(), 'runcell-host-assets-'))
    expect(missingPythonPackages(root, ['numpy'])).toEqual(['numpy'])
  })
})
