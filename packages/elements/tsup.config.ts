import { fileURLToPath } from 'node:url'
import { defineConfig } from 'tsup'
import { libraryDefaults } from '../../tsup.config'

const ELEMENT_LANGUAGES = fileURLToPath(new URL('./src/languages.ts', import.meta.url))

// One self-contained ES module (runtime, CodeMirror, styles and all), because a docs page loads it with a single
// <script type="module"> and no bundler. The editor extensions and the stylesheet are the React runner's own
// (the stylesheet imported as text), so both look and behave alike from one source; only the language modes are
// swapped for lighter ones (see src/languages.ts).
export default defineConfig({
  ...libraryDefaults,
  entry: { 'runcell-elements': 'src/index.ts' },
  noExternal: [/.*/],
  minify: true,
  sourcemap: false,
  loader: { '.css': 'text' },
  // The bundled-in core stays an import in the types: they are for TypeScript users, who install it anyway.
  dts: { compilerOptions: { paths: {} } },
  esbuildPlugins: [
    {
      name: 'element-languages',
      setup(build) {
        build.onResolve({ filter: /^\.\/languages\.js$/ }, (args) =>
          args.importer.includes('code-runner/editor') ? { path: ELEMENT_LANGUAGES } : undefined,
        )
      },
    },
  ],
})
