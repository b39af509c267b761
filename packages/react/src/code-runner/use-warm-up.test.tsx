// @vitest-environment jsdom
import { cleanup, fireEvent, render } from '@testing-library/react'
import { useRef } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { constrainedConnection, useWarmUp, type ConnectionHints } from './use-warm-up.js'

// jsdom has neither IntersectionObserver nor navigator.connection: both are stand-ins the tests control.
let observed: { callback: IntersectionObserverCallback; element: Element }[] = []
class FakeObserver {
  constructor(private readonly callback: IntersectionObserverCallback) {}
  observe(element: Element) {
    observed.push({ callback: this.callback, element })
  }
  disconnect() {}
}
function scrollIntoView() {
  for (const { callback, element } of observed)
    callback([{ isIntersecting: true, target: element } as IntersectionObserverEntry], {} as never)
}
function reportConnection(connection: ConnectionHints | undefined) {
  Object.defineProperty(navigator, 'connection', { value: connection, configurable: true })
}

function Runner({ warmUp }: { warmUp: () => void }) {
  const ref = useRef<HTMLDivElement>(null)
  useWarmUp('visible', ref, warmUp, true)
  return (
    <div ref={ref}>
      <button type="button">Run</button>
    </div>
  )
}

beforeEach(() => {
  observed = []
  vi.stubGlobal('IntersectionObserver', FakeObserver)
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  reportConnection(undefined)
})

describe('constrainedConnection', () => {
  test('save-data and 3G-or-slower links are constrained; 4G, unknown and missing hints are not', () => {
    expect(constrainedConnection({ saveData: true, effectiveType: '4g' })).toBe(true)
    for (const effectiveType of ['slow-2g', '2g', '3g'])
      expect(constrainedConnection({ effectiveType })).toBe(true)
    expect(constrainedConnection({ saveData: false, effectiveType: '4g' })).toBe(false)
    expect(constrainedConnection({})).toBe(false)
    expect(constrainedConnection(undefined)).toBe(false)
  })
})

describe('loading="visible"', () => {
  test('on a fast link, the engine warms up when the runner scrolls into view', () => {
    reportConnection({ saveData: false, effectiveType: '4g' })
    const warmUp = vi.fn()
    render(<Runner warmUp={warmUp} />)
    expect(warmUp).not.toHaveBeenCalled()
    scrollIntoView()
    expect(warmUp).toHaveBeenCalledTimes(1)
  })

  test('with save-data on, scrolling past downloads nothing; focusing the runner warms it up once', () => {
    reportConnection({ saveData: true, effectiveType: '4g' })
    const warmUp = vi.fn()
    const { getByRole } = render(<Runner warmUp={warmUp} />)
    scrollIntoView()
    expect(warmUp).not.toHaveBeenCalled()
    fireEvent.focusIn(getByRole('button'))
    fireEvent.pointerDown(getByRole('button'))
    expect(warmUp).toHaveBeenCalledTimes(1)
  })

  test('on a 3G link, a press in the runner warms it up and scrolling does not', () => {
    reportConnection({ effectiveType: '3g' })
    const warmUp = vi.fn()
    const { getByRole } = render(<Runner warmUp={warmUp} />)
    scrollIntoView()
    expect(warmUp).not.toHaveBeenCalled()
    fireEvent.pointerDown(getByRole('button'))
    expect(warmUp).toHaveBeenCalledTimes(1)
  })
})
