import { describe, expect, it } from 'vitest'
import { DEFAULT_MESSAGES } from '../messages.js'
import { statusText } from './status-text.js'

const base = { result: null, languageName: 'Python', messages: DEFAULT_MESSAGES }

describe('statusText', () => {
  it('names the Python package being installed', () => {
    expect(statusText({ ...base, status: 'installing', installing: 'numpy' })).toBe('Installing numpy…')
  })

  it('says packages are installing when the runner does not name one', () => {
    expect(statusText({ ...base, status: 'installing' })).toBe('Installing packages…')
  })
})
