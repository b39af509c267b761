import { describe, expect, it } from 'vitest'
import { namespaceFolder, safeSegments } from './files.js'

describe('namespaceFolder', () => {
  it('gives a namespace the same folder in every worker', () => {
    expect(namespaceFolder('session:intro')).toBe(namespaceFolder('session:intro'))
    expect(namespaceFolder('session:intro')).toMatch(/^\/home\/pyodide\/ns-[0-9a-f]{8}$/)
  })

  it('gives different namespaces different folders', () => {
    expect(namespaceFolder('session:a')).not.toBe(namespaceFolder('session:b'))
  })
})

describe('safeSegments', () => {
  it('splits a relative path and drops empty and "." parts', () => {
    expect(safeSegments('data/./input.csv')).toEqual(['data', 'input.csv'])
    expect(safeSegments('a//b')).toEqual(['a', 'b'])
  })

  it('refuses paths that are absolute or climb out of the working folder', () => {
    expect(safeSegments('/etc/passwd')).toBeNull()
    expect(safeSegments('../x')).toBeNull()
    expect(safeSegments('a/../../x')).toBeNull()
    expect(safeSegments('a\\b')).toBeNull()
    expect(safeSegments('.')).toBeNull()
  })
})
