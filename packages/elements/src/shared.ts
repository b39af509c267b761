// The React runner's framework-free pieces, bundled from their one source so the element and <CodeRunner> can't
// drift apart: the strings, the status sentence, the page-theme rule, the editor's extensions, the HTML output's
// sandbox document, the live-frame budget, the image limits and the stylesheet. None of them imports React.
export {
  mergeMessages,
  type CodeRunnerMessageOverrides,
  type CodeRunnerMessages,
} from '../../react/src/code-runner/messages.js'
export { statusText } from '../../react/src/code-runner/output/status-text.js'
export {
  editorExtensions,
  readOnlyExtension,
  readOnlySetting,
} from '../../react/src/code-runner/editor/extensions.js'
export { setErrorLine } from '../../react/src/code-runner/editor/error-marker.js'
export { HTML_OUTPUT_CSP, htmlOutputDocument } from '../../react/src/code-runner/output/html-document.js'
export { acquireFrameSlot, watchNearViewport } from '../../react/src/code-runner/output/frame-slots.js'
export {
  checkHtmlImages,
  checkPng,
  checkSvg,
  refusalText,
} from '../../react/src/code-runner/output/image-limits.js'
export { scheduleWarmUp, type RunnerLoading } from '../../react/src/code-runner/warm-up-schedule.js'
export { pageTheme, watchPageTheme } from '../../react/src/code-runner/state/page-theme.js'
export { default as RUNNER_CSS } from '../../react/src/code-runner/code-runner.css'
