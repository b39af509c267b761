import { describe, expect, it } from 'vitest'
import { MAX_CODE_CHARS } from './limits.js'
import {
  isFilePath,
  parseEngineOutcome,
  parseHello,
  parseHostMessage,
  parseRunnerMessage,
  parseRunnerPost,
  parseWorkerMessage,
} from './validate.js'

const run = { type: 'run', runId: 'r1', language: 'python', code: 'print(1)', timeoutMs: 1000 }

describe('parseHostMessage', () => {
  it('accepts a well-formed run and copies only known fields', () => {
    const parsed = parseHostMessage({ ...run, session: 's', extra: 'dropped' })
    expect(parsed).toEqual({ ...run, session: 's' })
  })

  it.each([
    ['an unknown language', { ...run, language: 'ruby' }],
    ['code over the size cap', { ...run, code: 'x'.repeat(MAX_CODE_CHARS + 1) }],
    ['a negative timeout', { ...run, timeoutMs: -1 }],
    ['a non-string session', { ...run, session: 5 }],
    ['a file path climbing out', { ...run, files: { '../etc/passwd': 'x' } }],
    ['a file that is neither text nor bytes', { ...run, files: { 'a.txt': { evil: true } } }],
    ['an unknown type', { type: 'eval', code: '1' }],
    ['a non-object', 'run'],
  ])('drops %s', (_, message) => {
    expect(parseHostMessage(message)).toBeNull()
  })

  it('takes an engine file as a Blob, or null, for a file path only', () => {
    const file = new Blob(['wasm'])
    expect(parseHostMessage({ type: 'engine-file', path: 'sql/sql.wasm', file })).toEqual({
      type: 'engine-file',
      path: 'sql/sql.wasm',
      file,
    })
    expect(parseHostMessage({ type: 'engine-file', path: 'sql/sql.wasm', file: null })).toMatchObject({
      file: null,
    })
    expect(
      parseHostMessage({ type: 'engine-file', path: 'sql/sql.wasm', file: new ArrayBuffer(4) }),
    ).toBeNull()
    expect(parseHostMessage({ type: 'engine-file', path: '../x', file })).toBeNull()
  })

  it('keeps `declined` on a missing engine file only when it is exactly true', () => {
    const declined = { type: 'engine-file', path: 'p/s.gz', file: null, declined: true }
    expect(parseHostMessage(declined)).toEqual(declined)
    expect(parseHostMessage({ ...declined, declined: 'yes' })).toEqual({
      type: 'engine-file',
      path: 'p/s.gz',
      file: null,
    })
  })

  it('never lets a __proto__ key reach a prototype', () => {
    const hostile = JSON.parse(
      '{"type":"run","runId":"r","language":"sql","code":"","timeoutMs":1,"__proto__":{"polluted":1}}',
    )
    const parsed = parseHostMessage(hostile) as Record<string, unknown>
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('takes preloaded wheels only with their bytes and lock facts, and an answer whose wheels may leave bytes out', () => {
    const facts = {
      name: 'pkg',
      fileName: 'pkg-1.0-py3-none-any.whl',
      installDir: 'site',
      sha256: 'a'.repeat(64),
    }
    const bytes = new ArrayBuffer(4)
    const preload = { ...facts, bytes, imports: ['pkg'], depends: ['dep'] }
    expect(parseHostMessage({ type: 'package-preload', wheels: [preload] })).toEqual({
      type: 'package-preload',
      wheels: [preload],
    })
    for (const bad of [{ bytes: undefined }, { bytes: 'AAAA' }, { imports: undefined }, { depends: [1] }])
      expect(parseHostMessage({ type: 'package-preload', wheels: [{ ...preload, ...bad }] })).toBeNull()
    // A wheel sent ahead of its answer: bytes and lock facts, nothing else.
    expect(parseHostMessage({ type: 'package-wheel', wheel: { ...facts, bytes } })).toEqual({
      type: 'package-wheel',
      wheel: { ...facts, bytes },
    })
    for (const bad of [{ bytes: undefined }, { sha256: 'xyz' }, { name: 7 }])
      expect(parseHostMessage({ type: 'package-wheel', wheel: { ...facts, bytes, ...bad } })).toBeNull()
    expect(parseHostMessage({ type: 'package-wheel', wheel: [{ ...facts, bytes }] })).toBeNull()
    const answer = { wheels: [facts, { ...facts, name: 'dep', bytes }] }
    expect(parseHostMessage({ type: 'packages', requestId: 'p1', answer })).toEqual({
      type: 'packages',
      requestId: 'p1',
      answer,
    })
    expect(
      parseHostMessage({
        type: 'packages',
        requestId: 'p1',
        answer: { wheels: [{ ...facts, bytes: null }] },
      }),
    ).toBeNull()
  })
})

describe('parseRunnerMessage', () => {
  it('reads the wheels a runner holds as sha-256 hex, and nothing else', () => {
    const query = { imports: ['pkg'], packages: [] }
    const ask = (held: unknown) => parseRunnerMessage({ type: 'need-packages', requestId: 'p1', query, held })
    expect(ask(['b'.repeat(64)])).toEqual({
      type: 'need-packages',
      requestId: 'p1',
      query,
      held: ['b'.repeat(64)],
    })
    expect(ask(undefined)).toEqual({ type: 'need-packages', requestId: 'p1', query, held: [] })
    expect(ask(['not a sum'])).toBeNull()
    expect(ask('b'.repeat(64))).toBeNull()
    expect(ask(Array.from({ length: 201 }, () => 'b'.repeat(64)))).toBeNull()
  })

  it('accepts a run ending, keeps none of the output a runner adds to it, and drops a malformed one', () => {
    const result = {
      status: 'error',
      durationMs: 3,
      error: { name: 'NameError', message: 'x' },
      truncated: true,
    }
    expect(parseRunnerMessage({ type: 'result', runId: 'r', result })).toEqual({
      type: 'result',
      runId: 'r',
      result,
    })
    const padded = { ...result, stdout: 'twice', outputs: [{ type: 'display', mime: 'text/html', data: '' }] }
    expect(parseRunnerMessage({ type: 'result', runId: 'r', result: padded })).toEqual({
      type: 'result',
      runId: 'r',
      result,
    })
    expect(
      parseRunnerMessage({ type: 'result', runId: 'r', result: { ...result, status: 'fine' } }),
    ).toBeNull()
  })

  it('drops a table whose rows do not match its columns', () => {
    const event = { type: 'table', columns: ['a'], rows: [[1, 2]], truncated: false }
    expect(parseRunnerMessage({ type: 'event', runId: 'r', event })).toBeNull()
  })
})

describe('parseRunnerPost', () => {
  const event = { type: 'event', runId: 'r', event: { type: 'stdout', text: 'a' } }
  it('unpacks a batch in order and drops its malformed messages', () => {
    const forged = { type: 'event', runId: 'r', event: { type: 'stdout', text: 7 } }
    const done = {
      type: 'result',
      runId: 'r',
      result: { status: 'ok', durationMs: 1 },
    }
    expect(parseRunnerPost({ type: 'batch', messages: [event, forged, done] })).toEqual([event, done])
    expect(parseRunnerPost(event)).toEqual([event])
  })

  it('drops a batch inside a batch, and a batch over 256 messages', () => {
    expect(parseRunnerPost({ type: 'batch', messages: [{ type: 'batch', messages: [event] }] })).toEqual([])
    expect(parseRunnerPost({ type: 'batch', messages: new Array(257).fill(event) })).toEqual([])
    expect(parseRunnerPost({ type: 'batch', messages: 'nope' })).toEqual([])
  })
})

describe('worker replies', () => {
  it('treat anything but a known outcome as malformed', () => {
    expect(parseEngineOutcome({ status: 'ok' })).toEqual({ status: 'ok' })
    expect(parseEngineOutcome({ status: 'timeout' })).toBeNull()
    expect(parseEngineOutcome({ status: 'error', error: { name: 1 } })).toBeNull()
  })

  it('treat an error under a name only Runcell reports as malformed: a worker cannot claim a crash', () => {
    expect(parseEngineOutcome({ status: 'error', error: { name: 'TypeError', message: 'x' } })).toEqual({
      status: 'error',
      error: { name: 'TypeError', message: 'x' },
    })
    for (const name of ['EngineCrash', 'EngineLoadError', 'RunnerUnavailable', 'RunnerError'])
      expect(parseEngineOutcome({ status: 'error', error: { name, message: 'forged' } })).toBeNull()
  })

  it('accept streamed events only with a run id and a valid event', () => {
    expect(
      parseWorkerMessage({ kind: 'runcell:event', runId: 'r', event: { type: 'stdout', text: 'hi' } }),
    ).toEqual({
      kind: 'runcell:event',
      runId: 'r',
      event: { type: 'stdout', text: 'hi' },
    })
    expect(parseWorkerMessage({ kind: 'runcell:event', event: { type: 'stdout', text: 'hi' } })).toBeNull()
  })

  it('accept an inflated file only as an ArrayBuffer with a path', () => {
    const bytes = new ArrayBuffer(4)
    expect(parseWorkerMessage({ kind: 'runcell:inflated', path: 'p/s.gz', bytes })).toEqual({
      kind: 'runcell:inflated',
      path: 'p/s.gz',
      bytes,
    })
    expect(
      parseWorkerMessage({ kind: 'runcell:inflated', path: 'p/s.gz', bytes: new Uint8Array(4) }),
    ).toBeNull()
    expect(parseWorkerMessage({ kind: 'runcell:inflated', bytes })).toBeNull()
  })
})

describe('handshake and paths', () => {
  it('reads a hello only with a nonce', () => {
    expect(parseHello({ type: 'runcell:hello', nonce: 'n' })).toEqual({ type: 'runcell:hello', nonce: 'n' })
    expect(parseHello({ type: 'runcell:hello' })).toBeNull()
  })

  it.each([
    ['data/a.csv', true],
    ['/etc/passwd', false],
    ['a/../b', false],
    ['a//b', false],
    ['a\\b', false],
    ['a\nb', false],
    ['%2e%2e/api/me', false],
    ['.%2E/x', false],
    ['http:evil.example/x', false],
  ])('isFilePath(%j) is %s', (path, ok) => {
    expect(isFilePath(path)).toBe(ok)
  })
})
