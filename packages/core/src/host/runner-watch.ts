// Notices a runner that died. Chromium gives a sandboxed runner frame its own process, so a run that allocates
// without bound (JS ArrayBuffers, or Python through `js`) gets that process killed, not the host page: measured in
// Chromium 150 under a 3 GB memory cgroup, the runner's renderer was OOM-killed and the host's lived on. But
// nothing tells the host: the frame element fires no event, and the port's `close` event did not fire within 60 s.
// So while runs are out, the host pings the runner, and a runner that leaves a ping unanswered for `deadMs`, while
// this page's own timers keep time, is declared lost.
import type { SandboxConnection } from './connect-sandbox.js'

/** How often the host pings a runner that holds runs. */
export const PING_INTERVAL_MS = 1_000

/**
 * Silence after which the runner counts as dead. The runner's main thread runs no user code (workers do), so it
 * answers within milliseconds; the margin is for a machine so loaded that timers run seconds late.
 */
export const RUNNER_DEAD_AFTER_MS = 8_000

/**
 * Watches `connection` while `busy()` says runs are out, and calls `lost` once if the runner stops answering.
 * Returns the function that stops watching.
 */
export function watchRunner(
  connection: Pick<SandboxConnection, 'send' | 'onMessage'>,
  busy: () => boolean,
  lost: () => void,
  deadMs = RUNNER_DEAD_AFTER_MS,
): () => void {
  const interval = Math.min(PING_INTERVAL_MS, deadMs / 4)
  let lastTick = performance.now()
  // When the oldest ping still unanswered went out; null while every ping has been answered.
  let pingedAt: number | null = null
  let done = false
  const unsubscribe = connection.onMessage(() => {
    pingedAt = null
  })
  const stop = () => {
    done = true
    clearInterval(timer)
    unsubscribe()
  }
  const timer = setInterval(() => {
    const now = performance.now()
    const late = now - lastTick > deadMs / 2
    lastTick = now
    // An idle runner is not pinged (nothing is waiting on it); its silence then says nothing.
    // A late tick means this page's timers were throttled or frozen (a tab hidden for minutes, a laptop asleep):
    // the runner's answer may be queued behind this very tick, so its silence says nothing either. Ping afresh.
    if (!busy() || late) pingedAt = null
    if (!busy()) return
    if (pingedAt !== null && now - pingedAt >= deadMs) {
      stop()
      return lost()
    }
    try {
      connection.send({ type: 'ping' })
      pingedAt ??= now
    } catch {
      // Not connected yet: the handshake's own timeout covers that.
      pingedAt = null
    }
  }, interval)
  return () => {
    if (!done) stop()
  }
}
