import { expect, test } from 'vitest'
import { copiedWheels, type PackageAnswer, type WheelBytes } from './packages.js'

const wheel = (name: string, bytes: number[]): WheelBytes => ({
  name,
  fileName: `${name}-1.0-py3-none-any.whl`,
  installDir: 'site',
  sha256: '0'.repeat(64),
  bytes: new Uint8Array(bytes).buffer,
})

test('copiedWheels gives the same wheels in new buffers, and those buffers to move, leaving the sender its own', () => {
  const answer = { wheels: [wheel('a', [1, 2, 3]), wheel('b', [4])] }
  const moved = copiedWheels(answer)
  expect(moved.buffers).toEqual(moved.answer.wheels.map((w) => w.bytes))
  for (const [i, copy] of moved.answer.wheels.entries()) {
    const original = answer.wheels[i]!
    expect(copy.bytes).not.toBe(original.bytes)
    expect(new Uint8Array(copy.bytes)).toEqual(new Uint8Array(original.bytes))
    expect({ ...copy, bytes: null }).toEqual({ ...original, bytes: null })
  }
  // Moving the copies (as postMessage's transfer list does) leaves the originals whole.
  structuredClone(moved.answer, { transfer: moved.buffers })
  expect(answer.wheels.map((w) => w.bytes.byteLength)).toEqual([3, 1])
  expect(moved.buffers.map((b) => b.byteLength)).toEqual([0, 0])
})

test('copiedWheels passes a failure through with nothing to move', () => {
  const answer: PackageAnswer = {
    failure: { package: 'x', reason: 'not-in-index', message: '"x" is not in the package index' },
  }
  expect(copiedWheels(answer)).toEqual({ answer, buffers: [] })
})
