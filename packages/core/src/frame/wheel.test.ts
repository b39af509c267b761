import { describe, expect, test } from 'vitest'
import { zipOf as zip } from './testing/zip.js'
import { distInfoFolder, NotPlainWheel, plainWheelFiles, unpackedWheel } from './wheel.js'

const text = (data: Uint8Array) => new TextDecoder().decode(data)

describe('plainWheelFiles', () => {
  test('reads every file of a pure-Python wheel, deflated or stored, with its contents', async () => {
    const big = 'x = 1\n'.repeat(50_000)
    const files = await plainWheelFiles(
      zip({
        'pkg/__init__.py': [big, 'deflate'],
        'pkg/data.txt': ['héllo', 'store'],
        'pkg-1.0.dist-info/METADATA': ['Name: pkg\n', 'deflate'],
      }),
    )
    const byPath = new Map(files.map((file) => [file.path, text(file.data)]))
    expect([...byPath.keys()].sort()).toEqual([
      'pkg-1.0.dist-info/METADATA',
      'pkg/__init__.py',
      'pkg/data.txt',
    ])
    expect(byPath.get('pkg/__init__.py')).toBe(big)
    expect(byPath.get('pkg/data.txt')).toBe('héllo')
    expect(distInfoFolder(files)).toBe('pkg-1.0.dist-info')
  })

  test.each([
    ['a shared library', 'pkg/_core.cpython-313-wasm32-emscripten.so'],
    ['a data folder', 'pkg-1.0.data/scripts/tool'],
    ['a path climbing out of the install folder', '../outside.py'],
    ['an absolute path', '/etc/evil.py'],
  ])('leaves a wheel with %s to Pyodide’s installer', async (_what, path) => {
    const archive = zip({ 'pkg/__init__.py': ['', 'deflate'], [path]: ['x', 'deflate'] })
    await expect(plainWheelFiles(archive)).rejects.toBeInstanceOf(NotPlainWheel)
  })

  test('refuses bytes that are not a zip archive', async () => {
    await expect(
      plainWheelFiles(new TextEncoder().encode('not a zip at all, '.repeat(10))),
    ).rejects.toBeInstanceOf(NotPlainWheel)
  })
})

test('a wheel without exactly one top-level .dist-info folder has no folder to record the installer in', () => {
  const file = (path: string) => ({ path, data: new Uint8Array() })
  expect(distInfoFolder([file('pkg/__init__.py')])).toBeNull()
  expect(distInfoFolder([file('a-1.dist-info/METADATA'), file('b-1.dist-info/METADATA')])).toBeNull()
})

describe('unpackedWheel', () => {
  const wheel = (extra: Record<string, [string, 'deflate' | 'store']> = {}) =>
    zip({
      'pkg/__init__.py': ['X = 1\n', 'deflate'],
      'pkg-1.0.dist-info/METADATA': ['Name: pkg\n', 'deflate'],
      ...extra,
    }).slice().buffer

  test('gives the files to write, with the installer recorded the way Pyodide records itself', async () => {
    const files = await unpackedWheel(wheel(), 'site')
    const byPath = new Map(files?.map((file) => [file.path, text(file.data)]))
    expect(Object.fromEntries(byPath)).toEqual({
      'pkg/__init__.py': 'X = 1\n',
      'pkg-1.0.dist-info/METADATA': 'Name: pkg\n',
      'pkg-1.0.dist-info/INSTALLER': 'runcell',
      'pkg-1.0.dist-info/PYODIDE_SOURCE': 'runcell',
    })
  })

  test('leaves shared libraries, dynlib wheels and corrupt archives to Pyodide’s installer (null)', async () => {
    expect(await unpackedWheel(wheel({ 'pkg/_c.so': ['x', 'deflate'] }), 'site')).toBeNull()
    expect(await unpackedWheel(wheel(), 'dynlib')).toBeNull()
    const corrupt = new Uint8Array(wheel())
    // The deflated bytes of the first entry, overwritten: its header still says how long it should be.
    corrupt.fill(0xff, 40, 60)
    expect(await unpackedWheel(corrupt.buffer, 'site')).toBeNull()
  })
})
