// The runner's framework-free parts, published as `@runcell/react/dom` for hosts without React (the
// `<runcell-runner>` element of @runcell/elements): the strings, the status sentence, the page-theme rule, the
// editor's extensions, the HTML output's sandbox document, the live-frame budget, the image limits and the warm-up
// schedule. Nothing reachable from here imports React, so the element and <CodeRunner> share one source.
export {
  mergeMessages,
  type CodeRunnerMessageOverrides,
  type CodeRunnerMessages,
} from './code-runner/messages.js'
export { statusText } from './code-runner/output/status-text.js'
export {
  editorExtensions,
  readOnlyExtension,
  readOnlySetting,
  type EditorCallbacks,
} from './code-runner/editor/extensions.js'
export { setErrorLine } from './code-runner/editor/error-marker.js'
export { HTML_OUTPUT_CSP, htmlOutputDocument } from './code-runner/output/html-document.js'
export { acquireFrameSlot, watchNearViewport } from './code-runner/output/frame-slots.js'
export { checkHtmlImages, checkPng, checkSvg, refusalText } from './code-runner/output/image-limits.js'
export { scheduleWarmUp, type RunnerLoading } from './code-runner/warm-up-schedule.js'
export { pageTheme, watchPageTheme } from './code-runner/state/page-theme.js'
