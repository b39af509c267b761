/** A first-in, first-out list with a fixed capacity: pushing onto a full ring forgets the oldest item. */
export class BoundedRing<T> {
  private readonly items: (T | undefined)[]
  private next = 0
  private size = 0

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.max(0, capacity))
  }

  /** Adds an item, forgetting the oldest when full. */
  push(item: T): void {
    if (this.capacity <= 0) return
    this.items[this.next] = item
    this.next = (this.next + 1) % this.capacity
    this.size = Math.min(this.size + 1, this.capacity)
  }

  /** How many items the ring holds. */
  get length(): number {
    return this.size
  }

  /** The items, newest first. */
  newestFirst(): T[] {
    const out: T[] = []
    for (let i = 1; i <= this.size; i++)
      out.push(this.items[(this.next - i + this.capacity) % this.capacity]!)
    return out
  }
}
