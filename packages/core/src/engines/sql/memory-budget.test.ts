import { describe, expect, it } from 'vitest'
import { memoryBudget } from './memory-budget.js'

describe('memoryBudget', () => {
  it('gives user SQL the whole limit on top of the initial memory, and SQLite 80% of it as a heap limit', () => {
    const budget = memoryBudget(100, 338)
    expect(budget.maxPages).toBe(338 + 1600)
    expect(budget.heapLimitBytes).toBe(Math.floor(1600 * 65536 * 0.8))
  })
})
