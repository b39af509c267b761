/**
 * An append-only event list that any number of consumers can iterate from the start, each at its own pace.
 * Iteration ends once the channel is closed and drained. Events are bounded by the run's output cap.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly items: T[] = []
  private closed = false
  private wakers: Array<() => void> = []

  push(item: T): void {
    if (this.closed) return
    this.items.push(item)
    this.wake()
  }

  close(): void {
    this.closed = true
    this.wake()
  }

  private wake(): void {
    const wakers = this.wakers
    this.wakers = []
    wakers.forEach((wake) => wake())
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let index = 0
    for (;;) {
      while (index < this.items.length) yield this.items[index++] as T
      if (this.closed) return
      await new Promise<void>((resolve) => this.wakers.push(resolve))
    }
  }
}
