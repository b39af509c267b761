// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest'
import { hashCode } from '@runcell/core'
import { clearEdit, loadEdit, persistenceKey, saveEdit } from './persistence.js'

afterEach(() => localStorage.clear())

describe('persisted edits', () => {
  test('the key is the runner id plus a hash of the author code', () => {
    expect(persistenceKey('intro', 'print(1)')).toBe(`runcell:code:intro:${hashCode('print(1)')}`)
    expect(persistenceKey('intro', 'print(2)')).not.toBe(persistenceKey('intro', 'print(1)'))
  })

  test('an edit saved for one version of the code is not loaded for the next, and is removed', () => {
    saveEdit('intro', 'print(1)', 'print(1); print(3)')
    expect(loadEdit('intro', 'print(1)')).toBe('print(1); print(3)')
    expect(loadEdit('intro', 'print(2)')).toBeNull()
    expect(localStorage.getItem(persistenceKey('intro', 'print(1)'))).toBeNull()
  })

  test("other runners' edits survive a stale sweep, and saving the original removes the entry", () => {
    saveEdit('other', 'a', 'b')
    saveEdit('intro', 'x', 'y')
    loadEdit('intro', 'z')
    expect(loadEdit('other', 'a')).toBe('b')
    saveEdit('other', 'a', 'a')
    expect(localStorage.length).toBe(0)
    saveEdit('intro', 'x', 'y')
    clearEdit('intro', 'x')
    expect(loadEdit('intro', 'x')).toBeNull()
  })
})
