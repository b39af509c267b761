// Fails when source files import each other in a cycle, as `madge --circular` would report them. Type-only imports
// count too: a cycle of types is still two files that can't be read, moved or tested one without the other.
//
//   node scripts/check-cycles.mjs            checks packages/*/src and apps/host; exits 1 on a cycle
//   node scripts/check-cycles.mjs DIR...     checks other folders
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SKIP = new Set(['node_modules', 'dist', '.next', '.data', 'public'])
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/

function defaultDirs() {
  const packages = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name, 'src'))
  return [...packages, join(root, 'apps', 'host')].filter((dir) => existsSync(dir))
}

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (SKIP.has(name)) continue
    if (statSync(path).isDirectory()) sourceFiles(path, out)
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : defaultDirs()
const files = dirs.flatMap((dir) => sourceFiles(dir))
const known = new Set(files)
const options = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  jsx: ts.JsxEmit.ReactJSX,
  resolveJsonModule: true,
}
const host = ts.createCompilerHost(options)

/** file → the scanned files it imports (static, type-only, re-exports and dynamic imports alike). */
const graph = new Map()
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  const targets = new Set()
  for (const { fileName } of importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, options, host).resolvedModule?.resolvedFileName
    if (resolved && known.has(resolved) && resolved !== file) targets.add(resolved)
  }
  graph.set(file, [...targets].sort())
}

// Tarjan's strongly connected components: every component of more than one file holds at least one cycle.
let index = 0
const indices = new Map()
const lowlinks = new Map()
const stack = []
const onStack = new Set()
const components = []
function connect(file) {
  indices.set(file, index)
  lowlinks.set(file, index)
  index++
  stack.push(file)
  onStack.add(file)
  for (const next of graph.get(file)) {
    if (!indices.has(next)) {
      connect(next)
      lowlinks.set(file, Math.min(lowlinks.get(file), lowlinks.get(next)))
    } else if (onStack.has(next)) {
      lowlinks.set(file, Math.min(lowlinks.get(file), indices.get(next)))
    }
  }
  if (lowlinks.get(file) === indices.get(file)) {
    const component = []
    let member
    do {
      member = stack.pop()
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    if (component.length > 1) components.push(component.sort())
  }
}
for (const file of files) if (!indices.has(file)) connect(file)

/** One shortest cycle through the component's first file, to show the reader where to cut. */
function exampleCycle(component) {
  const members = new Set(component)
  const start = component[0]
  const previous = new Map([[start, null]])
  const queue = [start]
  while (queue.length > 0) {
    const file = queue.shift()
    for (const next of graph.get(file)) {
      if (next === start) {
        const path = [file]
        while (previous.get(path[0])) path.unshift(previous.get(path[0]))
        return [...path, start]
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, file)
        queue.push(next)
      }
    }
  }
  return component
}

const show = (file) => relative(root, file)
console.log(`${files.length} files in ${dirs.map(show).join(', ')}`)
if (components.length === 0) {
  console.log('No import cycles.')
} else {
  for (const component of components) {
    console.log(`\nCycle among ${component.length} files: ${component.map(show).join(', ')}`)
    console.log(`  for example: ${exampleCycle(component).map(show).join(' → ')}`)
  }
  console.log(`\n${components.length} import cycle${components.length === 1 ? '' : 's'} found.`)
  process.exitCode = 1
}
