import { describe, expect, it } from 'vitest'
import { parseFlagOverrides } from './overrides.js'

describe('parseFlagOverrides', () => {
  it('reads ?flags= from a whole query string with typed values', () => {
    expect(parseFlagOverrides('?debug=1&flags=new_editor:true,checkout:variant_b,limit:5,old:false')).toEqual(
      {
        new_editor: true,
        checkout: 'variant_b',
        limit: 5,
        old: false,
      },
    )
  })

  it('reads a bare list, where a key alone means true', () => {
    expect(parseFlagOverrides('beta, sql_execution:false')).toEqual({ beta: true, sql_execution: false })
  })

  it('skips malformed keys and gives nothing without a flags parameter', () => {
    expect(parseFlagOverrides('flags=:true,bad key:1,ok:1')).toEqual({ ok: 1 })
    expect(parseFlagOverrides('?other=1')).toEqual({})
    expect(parseFlagOverrides('')).toEqual({})
  })

  it('does not let a key like __proto__ reach the prototype', () => {
    const overrides = parseFlagOverrides('flags=__proto__:x')
    expect(Object.getPrototypeOf(overrides)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})
