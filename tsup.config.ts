import type { Options } from 'tsup'

/** Options every Runcell package builds with: ESM for browsers, modern syntax, no minification of the library. */
export const libraryDefaults: Options = {
  format: ['esm'],
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  dts: true,
  clean: true,
  splitting: false,
  treeshake: true,
}

export default []
