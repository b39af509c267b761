import { describe, expect, it } from 'vitest'
import { emptyResult, isRunError, RunOutputs } from './results.js'

describe('run results', () => {
  it('assembles the public result from the output events and the runner ending, in order', () => {
    const outputs = new RunOutputs()
    outputs.add({ type: 'status', phase: 'running' })
    outputs.add({ type: 'stdout', text: 'a' })
    outputs.add({ type: 'table', columns: ['n'], rows: [[1]], truncated: false })
    outputs.add({ type: 'stderr', text: 'b' })
    outputs.add({ type: 'stdout', text: 'c' })
    expect(outputs.result({ status: 'ok', durationMs: 2, truncated: true })).toEqual({
      status: 'ok',
      durationMs: 2,
      truncated: true,
      stdout: 'ac',
      stderr: 'b',
      outputs: [{ type: 'table', columns: ['n'], rows: [[1]], truncated: false }],
    })
    expect(outputs.events.map((event) => event.type)).toEqual(['stdout', 'table', 'stderr', 'stdout'])
  })

  it('builds an empty result, and tells Runcell errors by their typed name', () => {
    const result = emptyResult('error', { name: 'RunnerUnavailable', message: 'no runner' })
    expect(result).toEqual({
      status: 'error',
      stdout: '',
      stderr: '',
      outputs: [],
      durationMs: 0,
      error: { name: 'RunnerUnavailable', message: 'no runner' },
    })
    expect(isRunError(result.error, 'RunnerUnavailable')).toBe(true)
    expect(isRunError(result.error, 'EngineCrash')).toBe(false)
    expect(isRunError(undefined, 'EngineCrash')).toBe(false)
  })
})
