import { describe, expect, it } from 'vitest'
import type { TableEvent } from '../../protocol/types.js'
import { buildTable, createConsole, formatLogArgs } from './console.js'

describe('console capture', () => {
  it('joins arguments and applies format specifiers', () => {
    expect(formatLogArgs(['a', 1, { b: 'c' }])).toBe("a 1 { b: 'c' }")
    expect(formatLogArgs(['%s is %d years, %o', 'Ada', 36.6, [1]])).toBe('Ada is 36 years, [ 1 ]')
    expect(formatLogArgs(['%c styled', 'color: red'])).toBe(' styled')
    expect(formatLogArgs(['100%'])).toBe('100%')
  })

  it('routes methods to stdout and stderr, with counters, groups and assertions', () => {
    const written: string[] = []
    const tables: TableEvent[] = []
    const { console, setSink } = createConsole()
    setSink({
      write: (type, text) => written.push(`${type}:${text}`),
      table: (t) => tables.push(t),
      maxRows: 10,
    })
    console.count?.()
    console.count?.()
    console.group?.('g')
    console.warn?.('inner')
    console.groupEnd?.()
    console.assert?.(true, 'never')
    console.assert?.(false, 'shown')
    console.clear?.()
    console.table?.('not tabular')
    expect(written).toEqual([
      'stdout:default: 1\n',
      'stdout:default: 2\n',
      'stdout:g\n',
      'stderr:  inner\n',
      'stderr:Assertion failed: shown\n',
      'stdout:not tabular\n',
    ])
    setSink(null)
    console.log?.('dropped after the run')
    expect(written).toHaveLength(6)
  })

  it('tabulates objects, maps and chosen columns with plain cells', () => {
    const table = buildTable({ x: { n: 1, s: 'a', o: { deep: true } }, y: { n: Infinity } }, undefined, 10)
    expect(table).toEqual({
      type: 'table',
      columns: ['(index)', 'n', 's', 'o'],
      rows: [
        ['x', 1, 'a', '{ deep: true }'],
        ['y', 'Infinity', null, null],
      ],
      truncated: false,
    })
    expect(buildTable(new Map([['k', { v: 1 }]]), ['v'], 10)?.rows).toEqual([['k', 1]])
    const big = buildTable(new Array(1_000_000).fill(1), undefined, 2)
    expect(big).toMatchObject({
      columns: ['(index)', 'Values'],
      rows: [
        ['0', 1],
        ['1', 1],
      ],
      truncated: true,
    })
  })
})
