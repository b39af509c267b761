// The one seam between this binding and the core evaluator. The workspace has no source alias for
// `@runcell/core` yet (its exports point at dist/, which does not exist during development and tests), so this
// re-exports core's flag area by path. When an alias or a "development" export condition exists, change the two
// specifiers below to '@runcell/core' and nothing else moves.
export * from '../../../core/src/flags/index.js'
export type { Language } from '../../../core/src/protocol/types.js'
export { RuncellError } from '../../../core/src/errors.js'
