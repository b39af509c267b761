// Pins @runcell/react/dom: the runner's framework-free parts that <runcell-runner> (@runcell/elements) shares with
// <CodeRunner>. It exists for that element; anything added here becomes public, so it is listed name by name.
import { describe, expectTypeOf, it } from 'vitest'
import type * as entry from './dom.js'

describe('@runcell/react/dom', () => {
  it('exports exactly the shared strings, status text, editor, output and theme helpers, by name', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'HTML_OUTPUT_CSP'
      | 'acquireFrameSlot'
      | 'checkHtmlImages'
      | 'checkPng'
      | 'checkSvg'
      | 'editorExtensions'
      | 'htmlOutputDocument'
      | 'mergeMessages'
      | 'pageTheme'
      | 'readOnlyExtension'
      | 'readOnlySetting'
      | 'refusalText'
      | 'scheduleWarmUp'
      | 'setErrorLine'
      | 'statusText'
      | 'watchNearViewport'
      | 'watchPageTheme'
    >()
  })
})
