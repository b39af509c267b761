// The one seam between this binding and the core monitor, as in ../flags/core.ts: `@runcell/core` resolves to
// dist/, which does not exist during development and tests, so this re-exports core's monitor area by path.
// When a source alias or a "development" export condition exists, point these at '@runcell/core'.
export * from '../../../core/src/monitor/index.js'
export type { ExecutionOutcome, ExecutionRecord } from '../../../core/src/monitor/record.js'
export type { Language } from '../../../core/src/protocol/types.js'
