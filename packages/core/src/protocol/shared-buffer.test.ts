import { describe, expect, it } from 'vitest'
import { MAX_ANSWER_BYTES, prepareRead, readAnswer, writeAnswer } from './shared-buffer.js'

const buffer = () => new SharedArrayBuffer(12 + MAX_ANSWER_BYTES)

describe('the shared input buffer', () => {
  it('carries an answer from the runner to the worker', () => {
    const shared = buffer()
    prepareRead(shared)
    writeAnswer(shared, 'Ada Lovelace ✓')
    expect(readAnswer(shared)).toBe('Ada Lovelace ✓')
  })

  it('says the input ended when the runner closes it', () => {
    const shared = buffer()
    prepareRead(shared)
    writeAnswer(shared, null)
    expect(readAnswer(shared)).toBeNull()
  })

  it('cuts an answer too long for the buffer at a character boundary', () => {
    const shared = buffer()
    prepareRead(shared)
    writeAnswer(shared, 'é'.repeat(MAX_ANSWER_BYTES))
    const answer = readAnswer(shared) ?? ''
    expect(answer).toBe('é'.repeat(MAX_ANSWER_BYTES / 2))
  })
})
