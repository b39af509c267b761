// Counts the public exports of each @runcell package entry, from source, with the TypeScript compiler.
//
//   node scripts/count-exports.mjs                 counts per entry (values and types)
//   node scripts/count-exports.mjs --list          also lists the names
//   node scripts/count-exports.mjs --consumers     also lists exported values that nothing outside the package imports
//   node scripts/count-exports.mjs --root DIR      counts another checkout (e.g. `git archive <commit> | tar -x -C DIR`)
//   node scripts/count-exports.mjs --json          the same as JSON
//
// An entry is a subpath of the package.json `exports` with a `types` condition; the root is built from
// `src/index.ts` and `./X` from `src/X/index.ts`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const rootArg = args.indexOf('--root')
const root = resolve(rootArg >= 0 ? args[rootArg + 1] : join(dirname(fileURLToPath(import.meta.url)), '..'))

/** Every workspace package with its entries: subpath → source file. */
function packages() {
  const dirs = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name))
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      const entries = {}
      for (const [subpath, target] of Object.entries(pkg.exports ?? { '.': pkg.types })) {
        const types = typeof target === 'string' ? target : target?.types
        if (!types?.endsWith('.d.ts')) continue
        const name = subpath.replace(/^\.\/?/, '')
        const candidates = name === '' ? ['src/index.ts'] : [`src/${name}/index.ts`, `src/${name}.ts`]
        const source = candidates.map((file) => join(dir, file)).find((file) => existsSync(file))
        if (!source) throw new Error(`${pkg.name} ${subpath}: no source for ${types} (tried ${candidates})`)
        entries[subpath] = source
      }
      return { name: pkg.name, dir, entries }
    })
}

const all = packages()

// Imports between packages resolve to source, as tsconfig.json's paths do.
const paths = {}
for (const pkg of all) {
  for (const [subpath, source] of Object.entries(pkg.entries)) paths[join(pkg.name, subpath)] = [source]
}
const program = ts.createProgram(
  all.flatMap((pkg) => Object.values(pkg.entries)),
  {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    noEmit: true,
    paths,
  },
)
const checker = program.getTypeChecker()

/** The exported names of one entry, split into values (anything that exists at run time) and types. */
function exportsOf(source) {
  const file = program.getSourceFile(source)
  const moduleSymbol = file && checker.getSymbolAtLocation(file)
  if (!moduleSymbol) return { values: [], types: [] }
  const values = []
  const types = []
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    ;(target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name)
  }
  return { values: values.sort(), types: types.sort() }
}

/** Files outside the packages' own src/ that may import them, and other packages' src/. */
function consumerFiles() {
  const places = ['apps', '.storybook', 'test', 'bench', 'docs', 'scripts', 'README.md']
  const skip = new Set(['node_modules', 'dist', '.next', 'api', 'results'])
  const out = []
  const walk = (path) => {
    if (!existsSync(path)) return
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) if (!skip.has(name)) walk(join(path, name))
    } else if (/\.(ts|tsx|mts|mjs|js|jsx|md|mdx)$/.test(path)) out.push(path)
  }
  for (const place of places) walk(join(root, place))
  for (const pkg of all) walk(join(pkg.dir, 'src'))
  return out
}

/** Names each package (any entry) is imported by from outside it: package name → Set of names. */
function importedNames() {
  const imported = new Map(all.map((pkg) => [pkg.name, new Set()]))
  const pattern =
    /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"](@runcell\/[\w-]+)(?:\/[\w-]+)?['"]/g
  for (const file of consumerFiles()) {
    const owner = all.find((pkg) => file.startsWith(pkg.dir + '/'))?.name
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(pattern)) {
      const [, names, from] = match
      if (from === owner || !imported.has(from)) continue
      for (const part of names.split(',')) {
        const name = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
        if (name) imported.get(from).add(name)
      }
    }
  }
  return imported
}

const imported = flag('--consumers') ? importedNames() : undefined
const report = all.map((pkg) => {
  const entries = Object.entries(pkg.entries).map(([subpath, source]) => {
    const { values, types } = exportsOf(source)
    const unused = imported ? values.filter((name) => !imported.get(pkg.name).has(name)) : undefined
    return { entry: join(pkg.name, subpath), source: relative(root, source), values, types, unused }
  })
  const total = entries.reduce((sum, e) => sum + e.values.length + e.types.length, 0)
  return { name: pkg.name, total, entries }
})

if (flag('--json')) {
  console.log(JSON.stringify(report, null, 2))
} else {
  for (const pkg of report) {
    console.log(`${pkg.name}: ${pkg.total} exports`)
    for (const e of pkg.entries) {
      const count = e.values.length + e.types.length
      console.log(
        `  ${e.entry.padEnd(26)} ${String(count).padStart(4)}  (${e.values.length} values, ${e.types.length} types)`,
      )
      if (flag('--list')) {
        console.log(`    values: ${e.values.join(', ')}`)
        console.log(`    types:  ${e.types.join(', ')}`)
      }
      if (e.unused)
        console.log(
          `    values nothing outside the package imports (${e.unused.length}): ${e.unused.join(', ')}`,
        )
    }
  }
}
