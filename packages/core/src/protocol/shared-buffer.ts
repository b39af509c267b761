// The memory the runner page shares with an engine worker on cross-origin isolated pages. One buffer carries
// both the interrupt signal (Stop) and the reader's answers to input requests, so a worker blocked in
// `Atomics.wait` can be answered, or woken by Stop, without a message it could not receive while blocked.

/** Int32 index of the interrupt signal: the runner writes 2 (SIGINT); CPython reads and clears it. */
export const SIGNAL_INDEX = 0
/** Int32 index of the input state: {@link INPUT_WAITING}, {@link INPUT_ANSWERED} or {@link INPUT_CLOSED}. */
export const INPUT_STATE_INDEX = 1
/** Int32 index of the answer's length in bytes. */
export const INPUT_LENGTH_INDEX = 2
/** Byte offset of the answer (UTF-8). */
const ANSWER_OFFSET = 12
/** The longest answer the buffer carries, in bytes; longer ones are cut at a character boundary. */
export const MAX_ANSWER_BYTES = 64 * 1024

/** The worker waits for an answer. */
export const INPUT_WAITING = 0
/** An answer is in the buffer. */
export const INPUT_ANSWERED = 1
/** No answer will come (Stop, or the run ended): the read ends the input. */
export const INPUT_CLOSED = 2

/** A new shared buffer, or null where SharedArrayBuffer is unavailable (the page is not cross-origin isolated). */
export function createSharedBuffer(): SharedArrayBuffer | null {
  if (typeof SharedArrayBuffer !== 'function' || !globalThis.crossOriginIsolated) return null
  return new SharedArrayBuffer(ANSWER_OFFSET + MAX_ANSWER_BYTES)
}

/** Runner side: hands `text` (or the end of input, for null) to a worker waiting in {@link readAnswer}. */
export function writeAnswer(buffer: SharedArrayBuffer, text: string | null): void {
  const header = new Int32Array(buffer, 0, 3)
  if (text === null) {
    Atomics.store(header, INPUT_STATE_INDEX, INPUT_CLOSED)
  } else {
    // encodeInto refuses views of shared memory in Chromium: encode, then copy.
    const bytes = new TextEncoder().encode(text)
    let length = Math.min(bytes.length, MAX_ANSWER_BYTES)
    // Cut at a character boundary: never keep the first bytes of a multi-byte character.
    while (length < bytes.length && length > 0 && ((bytes[length] ?? 0) & 0xc0) === 0x80) length--
    new Uint8Array(buffer, ANSWER_OFFSET, MAX_ANSWER_BYTES).set(bytes.subarray(0, length))
    Atomics.store(header, INPUT_LENGTH_INDEX, length)
    Atomics.store(header, INPUT_STATE_INDEX, INPUT_ANSWERED)
  }
  Atomics.notify(header, INPUT_STATE_INDEX)
}

/**
 * Worker side: blocks until the runner answers, then returns the answer, or null at the end of input. Call
 * {@link prepareRead} before announcing the request, so an answer that comes quickly is not lost.
 */
export function readAnswer(buffer: SharedArrayBuffer): string | null {
  const header = new Int32Array(buffer, 0, 3)
  Atomics.wait(header, INPUT_STATE_INDEX, INPUT_WAITING)
  const state = Atomics.load(header, INPUT_STATE_INDEX)
  if (state !== INPUT_ANSWERED) return null
  const length = Math.min(Atomics.load(header, INPUT_LENGTH_INDEX), MAX_ANSWER_BYTES)
  // TextDecoder refuses views of shared memory: copy first.
  return new TextDecoder().decode(new Uint8Array(buffer, ANSWER_OFFSET, length).slice())
}

/** Worker side: marks the buffer as waiting for a new answer. */
export function prepareRead(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer, 0, 3), INPUT_STATE_INDEX, INPUT_WAITING)
}
