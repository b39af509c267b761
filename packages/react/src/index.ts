export * from './flags/index.js'
export * from './monitoring/index.js'
