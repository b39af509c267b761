// HTML output frames are documents in the host's own renderer: each costs a parse, a layout and memory on the
// host's main thread. So a frame is live only near the viewport, and only a few are live at once, however many
// outputs a run made.

/** How many HTML output frames may be live on one page at once. */
export const MAX_LIVE_HTML_FRAMES = 6

// How far outside the viewport a frame is mounted ahead of scrolling.
const NEAR_MARGIN = '400px'

let liveCount = 0
const waiting: (() => void)[] = []
const granting: (() => void)[] = []
let pumping = false

// Making a frame's document is one chunk of main-thread work; eight of them in one React commit were one long
// task. So grants go out one per task, and each frame mounts in a commit of its own.
function pump(): void {
  if (pumping) return
  pumping = true
  setTimeout(() => {
    pumping = false
    granting.shift()?.()
    if (granting.length > 0) pump()
  }, 0)
}

/**
 * Asks for one of the live-frame slots. `grant` is called once the slot is this caller's (in a later task, once
 * one is free); the returned function gives it back, or withdraws the request.
 */
export function acquireFrameSlot(grant: () => void): () => void {
  let state: 'waiting' | 'live' | 'done' = 'waiting'
  const start = () => {
    state = 'live'
    liveCount += 1
    granting.push(() => {
      if (state === 'live') grant()
    })
    pump()
  }
  if (liveCount < MAX_LIVE_HTML_FRAMES) start()
  else waiting.push(start)
  return () => {
    if (state === 'live') {
      liveCount -= 1
      waiting.shift()?.()
    } else if (state === 'waiting') {
      const index = waiting.indexOf(start)
      if (index >= 0) waiting.splice(index, 1)
    }
    state = 'done'
  }
}

type NearListener = (near: boolean) => void
let observer: IntersectionObserver | null = null
const listeners = new WeakMap<Element, NearListener>()

/**
 * Calls `listener` whenever `element` comes near the viewport or leaves it; one observer serves every frame.
 * Returns null where there is no IntersectionObserver (server render, jsdom), and the caller then mounts as is.
 */
export function watchNearViewport(element: Element, listener: NearListener): (() => void) | null {
  if (typeof IntersectionObserver === 'undefined') return null
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting)
    },
    { rootMargin: NEAR_MARGIN },
  )
  listeners.set(element, listener)
  observer.observe(element)
  return () => {
    listeners.delete(element)
    observer?.unobserve(element)
  }
}
