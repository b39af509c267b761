export * from './flags/index.js'
export * from './monitoring/index.js'
export * from './code-runner/index.js'
