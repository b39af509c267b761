import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'tsup'
import { libraryDefaults } from '../../tsup.config'

/** Every stylesheet under src/, in a stable order, joined into the one published `styles.css`. */
function bundleStyles(): void {
  const files = (readdirSync('src', { recursive: true }) as string[]).filter((f) => f.endsWith('.css')).sort()
  const css = files.map((f) => `/* ${f} */\n${readFileSync(join('src', f), 'utf8')}`).join('\n')
  writeFileSync(join('dist', 'styles.css'), css)
  // The runner's own sheet alone, for @runcell/elements, which puts it in each runner's shadow root.
  copyFileSync(join('src', 'code-runner', 'code-runner.css'), join('dist', 'code-runner.css'))
}

// Components run in the browser; the banner marks the entry as a client module for React Server Components.
export default defineConfig({
  ...libraryDefaults,
  // One entry per audience, as package.json `exports` lists them; shared modules go into chunks, so a flag
  // provider from one entry is the context the other entries read.
  entry: {
    index: 'src/index.ts',
    flags: 'src/flags/index.ts',
    monitoring: 'src/monitoring/index.ts',
    dom: 'src/dom.ts',
    // Internal, not in `exports`: as an entry of its own, <CodeRunner>'s light shell and what it imports get
    // chunks of their own instead of sharing one with the runtime hooks, so a page that imports CodeRunner and
    // shows none pulls a few kilobytes; the editor and runtime stay behind the shell's dynamic import.
    'code-runner-shell': 'src/code-runner/CodeRunner.tsx',
  },
  dts: {
    entry: {
      index: 'src/index.ts',
      flags: 'src/flags/index.ts',
      monitoring: 'src/monitoring/index.ts',
      dom: 'src/dom.ts',
    },
  },
  splitting: true,
  // Rollup's tree-shaking pass drops module directives such as 'use client'; esbuild's own pass is enough.
  treeshake: false,
  external: ['react', 'react-dom', /^@runcell\/core(\/|$)/, '@openfeature/web-sdk'],
  banner: { js: "'use client'" },
  onSuccess: async () => bundleStyles(),
})
