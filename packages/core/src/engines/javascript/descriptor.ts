// The JavaScript engine as the runner page sees it. Kept free of the engine itself: the runner bundle imports it.
import type { EngineDescriptor } from '../descriptor.js'

/** JavaScript: the worker's own JS engine, quick to start, so no spare, and stopped by terminate only. */
export const javascriptEngine: EngineDescriptor<'javascript'> = {
  language: 'javascript',
  workerFile: 'javascript-worker.js',
  files: [],
  keepsSpare: false,
  interruptible: false,
}
