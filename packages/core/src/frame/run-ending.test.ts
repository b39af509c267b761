import { describe, expect, test } from 'vitest'
import { decideEnding, type Ending } from './run-ending.js'

const inSession = { language: 'python', hasSession: true, interrupted: false }
const alone = { language: 'python', hasSession: false, interrupted: false }

describe('decideEnding', () => {
  test('a successful run in a session is remembered for replay and keeps its interpreter', () => {
    const verdict = decideEnding({ kind: 'outcome', outcome: { status: 'ok' } }, inSession)
    expect(verdict).toEqual({ status: 'ok', restart: false, remember: true })
  })

  test('a run without a session is not remembered', () => {
    const verdict = decideEnding({ kind: 'outcome', outcome: { status: 'ok' } }, alone)
    expect(verdict).toEqual({ status: 'ok', restart: false, remember: false })
  })

  test('a run that raised is reported with its error and is not replayed later', () => {
    const error = { name: 'ValueError', message: 'bad' }
    const verdict = decideEnding({ kind: 'outcome', outcome: { status: 'error', error } }, inSession)
    expect(verdict).toEqual({ status: 'error', error, restart: false, remember: false })
  })

  test('a memory limit recycles the interpreter even though the engine answered', () => {
    const error = { name: 'MemoryError', message: 'too much' }
    const verdict = decideEnding({ kind: 'outcome', outcome: { status: 'limit', error } }, inSession)
    expect(verdict).toMatchObject({ status: 'limit', error, restart: true, remember: false })
  })

  test('a crash becomes an EngineCrash error naming the engine and restarts it', () => {
    const verdict = decideEnding({ kind: 'crash', message: 'malformed reply' }, alone)
    expect(verdict.status).toBe('error')
    expect(verdict.restart).toBe(true)
    expect(verdict.error?.name).toBe('EngineCrash')
    expect(verdict.error?.message).toContain('the python engine crashed (malformed reply)')
  })

  test.each<Ending['kind']>(['timeout', 'stopped'])(
    'a %s run costs the worker unless an interrupt unwound it',
    (kind) => {
      const ending = { kind } as Ending
      expect(decideEnding(ending, inSession)).toEqual({
        status: kind,
        restart: true,
        remember: false,
      })
      expect(decideEnding(ending, { ...alone, interrupted: true })).toEqual({
        status: kind,
        restart: false,
        remember: false,
      })
    },
  )

  test('an outcome status the runner does not know is treated as a crash', () => {
    const outcome = { status: 'surprise' } as unknown as Extract<Ending, { kind: 'outcome' }>['outcome']
    const verdict = decideEnding({ kind: 'outcome', outcome }, inSession)
    expect(verdict).toMatchObject({ status: 'error', restart: true, remember: false })
    expect(verdict.error?.name).toBe('EngineCrash')
  })
})
