import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../protocol/types.js'
import { isExecutionAllowed } from './execution.js'
import { createFlagStore } from './store.js'

describe('isExecutionAllowed', () => {
  it('allows every language when no flags exist', () => {
    const store = createFlagStore()
    for (const language of LANGUAGES) {
      expect(isExecutionAllowed(store, language)).toMatchObject({ allowed: true, reason: 'ALLOWED' })
    }
  })

  it('code_execution off stops every language, before the language switch', () => {
    const store = createFlagStore({ flags: [{ key: 'code_execution', enabled: false }] })
    expect(isExecutionAllowed(store, 'sql')).toEqual({
      allowed: false,
      reason: 'CODE_EXECUTION_OFF',
      flagKey: 'code_execution',
      message: 'Code execution is turned off.',
      enhanced: false,
    })
  })

  it('a language switch off stops only that language', () => {
    const store = createFlagStore({ flags: [{ key: 'sql_execution', enabled: false }] })
    expect(isExecutionAllowed(store, 'sql')).toMatchObject({ allowed: false, reason: 'LANGUAGE_OFF' })
    expect(isExecutionAllowed(store, 'sql').message).toBe('SQL execution is turned off.')
    expect(isExecutionAllowed(store, 'python').allowed).toBe(true)
  })

  it('reports enhanced Python only when enhanced_python_execution is on', () => {
    const store = createFlagStore({ flags: [{ key: 'enhanced_python_execution', enabled: true }] })
    expect(isExecutionAllowed(store, 'python').enhanced).toBe(true)
    expect(isExecutionAllowed(store, 'javascript').enhanced).toBe(false)
    expect(isExecutionAllowed(createFlagStore(), 'python').enhanced).toBe(false)
  })

  it('uses the context, so execution can be targeted at groups', () => {
    const store = createFlagStore({
      flags: [{ key: 'code_execution', enabled: true, conditions: { userGroups: ['staff'] } }],
    })
    expect(isExecutionAllowed(store, 'python', { groups: ['staff'] }).allowed).toBe(true)
    expect(isExecutionAllowed(store, 'python', { groups: ['guest'] }).allowed).toBe(false)
  })

  it('accepts a plain reader function, such as one over an OpenFeature client', () => {
    const reader = (key: string, fallback: boolean) => (key === 'javascript_execution' ? false : fallback)
    expect(isExecutionAllowed(reader, 'javascript')).toMatchObject({
      allowed: false,
      flagKey: 'javascript_execution',
    })
  })
})
