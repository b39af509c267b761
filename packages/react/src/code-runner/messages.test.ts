import { describe, expect, test } from 'vitest'
import { DEFAULT_MESSAGES, mergeMessages } from './messages.js'

describe('mergeMessages', () => {
  test('later layers win, and nested groups merge instead of replacing each other', () => {
    const merged = mergeMessages(
      { run: 'Ausführen', status: { running: 'Läuft…' } },
      { stop: 'Anhalten', status: { queued: 'Wartet…' } },
    )
    expect(merged.run).toBe('Ausführen')
    expect(merged.stop).toBe('Anhalten')
    expect(merged.status.running).toBe('Läuft…')
    expect(merged.status.queued).toBe('Wartet…')
    expect(merged.status.ok('1 s')).toBe(DEFAULT_MESSAGES.status.ok('1 s'))
    expect(merged.languages.python).toBe('Python')
  })

  test('durations read as milliseconds under a second and tenths of seconds above', () => {
    expect(DEFAULT_MESSAGES.duration(12.4)).toBe('12 ms')
    expect(DEFAULT_MESSAGES.duration(2345)).toBe('2.3 s')
  })
})
