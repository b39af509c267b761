/** A slot handed out by the queue; call `release` exactly once when the run is over. */
export interface QueueTicket {
  /** Resolves when the run may start. */
  granted: Promise<void>
  /** Gives the slot back, or leaves the queue if the slot was never granted. */
  release(): void
}

/**
 * A FIFO queue that lets at most `limit` runs hold a slot at once. Leaving before the slot is granted
 * (a Stop while queued) simply removes the waiter.
 */
export class RunQueue {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(private readonly limit: number) {}

  /** Runs holding a slot now. */
  get running(): number {
    return this.active
  }

  /** Runs waiting for a slot. */
  get depth(): number {
    return this.waiting.length
  }

  enter(): QueueTicket {
    let state: 'waiting' | 'granted' | 'released' = 'waiting'
    let grant: () => void = () => {}
    const granted = new Promise<void>((resolve) => {
      grant = () => {
        state = 'granted'
        this.active++
        resolve()
      }
    })
    if (this.active < this.limit) grant()
    else this.waiting.push(grant)
    return {
      granted,
      release: () => {
        if (state === 'released') return
        if (state === 'waiting') {
          const index = this.waiting.indexOf(grant)
          if (index >= 0) this.waiting.splice(index, 1)
        } else {
          this.active--
          this.waiting.shift()?.()
        }
        state = 'released'
      },
    }
  }
}
