// Builds a Pyodide-style package index at test time: real pure-Python wheels (a zip with METADATA, WHEEL and
// RECORD, made by Python's own zipfile) and a pyodide-lock.json beside them, laid out like Pyodide's distribution
// folder. The npm registry has no Pyodide wheels and nothing here reaches the internet, so tests, the CLI test and
// the bench make their own.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const BUILD = String.raw`
import base64, hashlib, json, sys, zipfile

spec = json.load(sys.stdin)
out = spec['dir']
result = {}
for pkg in spec['packages']:
    name, version = pkg['name'], pkg.get('version', '1.0.0')
    dist = name.replace('-', '_')
    file_name = f'{dist}-{version}-py3-none-any.whl'
    info = f'{dist}-{version}.dist-info'
    files = dict(pkg['files'])
    files[f'{info}/METADATA'] = f'Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n' + ''.join(
        f'Requires-Dist: {d}\n' for d in pkg.get('depends', []))
    files[f'{info}/WHEEL'] = 'Wheel-Version: 1.0\nGenerator: runcell-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
    record = []
    for path, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
        record.append(f'{path},sha256={digest},{len(data)}')
    record.append(f'{info}/RECORD,,')
    files[f'{info}/RECORD'] = '\n'.join(record) + '\n'
    path = f'{out}/{file_name}'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as wheel:
        for member, text in files.items():
            wheel.writestr(member, text)
    with open(path, 'rb') as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    result[name] = {'file_name': file_name, 'sha256': sha}
json.dump(result, sys.stdout)
`

/** The `info` of the pyodide-lock.json that ships with the pyodide npm package (ABI, platform, Python). */
function pyodideLockInfo() {
  const require = createRequire(import.meta.url)
  const lock = JSON.parse(readFileSync(require.resolve('pyodide/pyodide-lock.json'), 'utf8'))
  return lock.info
}

/**
 * Writes each package as a wheel into `dir` and a pyodide-lock.json listing them. A package may set `sha256` to
 * put a wrong checksum in the lock, or `missing: true` to list a wheel that isn't there.
 */
export function buildPythonIndex(dir, packages) {
  mkdirSync(dir, { recursive: true })
  const built = JSON.parse(
    execFileSync('python3', ['-c', BUILD], {
      input: JSON.stringify({ dir, packages: packages.filter((p) => !p.missing) }),
      encoding: 'utf8',
    }),
  )
  const entries = {}
  for (const pkg of packages) {
    const made = built[pkg.name]
    const version = pkg.version ?? '1.0.0'
    // Keyed by the canonical name, as Pyodide's lock files are (and as loadPackage looks them up).
    entries[pkg.name.toLowerCase().replace(/[-_.]+/g, '-')] = {
      name: pkg.name,
      version,
      file_name: made?.file_name ?? `${pkg.name.replace(/-/g, '_')}-${version}-py3-none-any.whl`,
      install_dir: 'site',
      sha256: pkg.sha256 ?? made?.sha256 ?? '0'.repeat(64),
      package_type: 'package',
      imports: pkg.imports ?? [pkg.name.replace(/-/g, '_')],
      depends: pkg.depends ?? [],
      unvendored_tests: false,
    }
  }
  const lock = { info: pyodideLockInfo(), packages: entries }
  writeFileSync(join(dir, 'pyodide-lock.json'), JSON.stringify(lock, null, 1))
  return lock
}

/** A 1×1 PNG: what the stand-in matplotlib's Figure.savefig writes. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

/**
 * A stand-in matplotlib: only the public API Runcell's plot hook calls (matplotlib.use, pyplot.get_fignums,
 * pyplot.figure, pyplot.close, pyplot.show, Figure.savefig), plus what a test needs to watch it. It is not
 * matplotlib: the real one can't be had offline.
 */
export const FAKE_MATPLOTLIB = {
  name: 'matplotlib',
  version: '3.10.0',
  imports: ['matplotlib', 'pylab'],
  files: {
    'matplotlib/__init__.py': [
      "backend = 'module://matplotlib_pyodide.wasm_backend'",
      'def use(name, force=True):',
      '    global backend',
      '    backend = name',
      'def get_backend():',
      '    return backend',
      '',
    ].join('\n'),
    'matplotlib/pyplot.py': [
      'import base64',
      'import matplotlib',
      'backend_at_import = matplotlib.backend',
      `_PNG = base64.b64decode('${PNG_1X1}')`,
      '_figures = {}',
      'class Figure:',
      '    def __init__(self, number):',
      '        self.number = number',
      '    def savefig(self, fname, format=None, **kwargs):',
      '        fname.write(_PNG)',
      'def figure(num=None):',
      '    if num is None:',
      '        num = max(_figures, default=0) + 1',
      '    if num not in _figures:',
      '        _figures[num] = Figure(num)',
      '    return _figures[num]',
      'def get_fignums():',
      '    return sorted(_figures)',
      'def close(fig=None):',
      '    _figures.pop(fig.number if isinstance(fig, Figure) else fig, None)',
      'def show(*args, **kwargs):',
      "    print('the stand-in show() ran: the hook did not replace it')",
      '',
    ].join('\n'),
  },
}

export { PNG_1X1 }
