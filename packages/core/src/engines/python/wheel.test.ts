import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { distInfoFolder, NotPlainWheel, plainWheelFiles } from './wheel.js'

// Zips made by Python's own zipfile, as real wheels are: { path: [text, 'deflate' | 'store'] }.
function zip(files: Record<string, [string, 'deflate' | 'store']>): Uint8Array {
  const script = String.raw`
import base64, io, json, sys, zipfile
out = io.BytesIO()
with zipfile.ZipFile(out, 'w') as z:
    for path, (text, how) in json.load(sys.stdin).items():
        z.writestr(path, text, zipfile.ZIP_DEFLATED if how == 'deflate' else zipfile.ZIP_STORED)
sys.stdout.write(base64.b64encode(out.getvalue()).decode())
`
  const b64 = execFileSync('python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' })
  return new Uint8Array(Buffer.from(b64, 'base64'))
}

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
