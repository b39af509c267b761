import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'tsup'
import { libraryDefaults } from '../../tsup.config'

/** Every stylesheet under src/, in a stable order, joined into the one published `styles.css`. */
function bundleStyles(): void {
  const files = (readdirSync('src', { recursive: true }) as string[]).filter((f) => f.endsWith('.css')).sort()
  const css = files.map((f) => `/* ${f} */\n${readFileSync(join('src', f), 'utf8')}`).join('\n')
  writeFileSync(join('dist', 'styles.css'), css)
}

// Components run in the browser; the banner marks the entry as a client module for React Server Components.
export default defineConfig({
  ...libraryDefaults,
  // One entry per audience, as package.json `exports` lists them; shared modules go into chunks, so a flag
  // provider from one entry is the context the other entries read.
  entry: { index: 'src/index.ts', flags: 'src/flags/index.ts', monitoring: 'src/monitoring/index.ts' },
  splitting: true,
  // Rollup's tree-shaking pass drops module directives such as 'use client'; esbuild's own pass is enough.
  treeshake: false,
  external: ['react', 'react-dom', /^@runcell\/core(\/|$)/, '@openfeature/web-sdk'],
  banner: { js: "'use client'" },
  onSuccess: async () => bundleStyles(),
})
