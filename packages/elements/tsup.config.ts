import { defineConfig } from 'tsup'
import { libraryDefaults } from '../../tsup.config'

// One self-contained ES module (runtime, CodeMirror, styles and all), because a docs page loads it with a single
// <script type="module"> and no bundler. The editor extensions, strings and stylesheet come from the React
// runner's published framework-free entry (@runcell/react/dom, and its sheet as text), so both look and behave
// alike from one source; only the language modes are the element's own, lighter ones (see src/languages.ts).
export default defineConfig({
  ...libraryDefaults,
  entry: { 'runcell-elements': 'src/index.ts' },
  noExternal: [/.*/],
  minify: true,
  sourcemap: false,
  loader: { '.css': 'text' },
  // The bundled-in core stays an import in the types: they are for TypeScript users, who install it anyway.
  // @runcell/react is only a build input (its framework-free parts are bundled in), so the few types of it the
  // element's API names are inlined too.
  dts: {
    resolve: [/^@runcell\/react/],
    compilerOptions: { paths: { '@runcell/react/dom': ['../react/dist/dom.d.ts'] } },
  },
})
