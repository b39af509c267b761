import { describe, expect, it } from 'vitest'
import { compareSemver, isSemver } from './semver.js'

describe('compareSemver', () => {
  it('orders versions numerically, not as text', () => {
    expect(compareSemver('1.10.0', '1.9.0')).toBe(1)
    expect(compareSemver('2.0.0', '10.0.0')).toBe(-1)
    expect(compareSemver('v1.2.3', '1.2.3')).toBe(0)
  })

  it('ranks a prerelease below its release and follows SemVer identifier precedence', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2'].concat(
      ['1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'],
    )
    for (let i = 1; i < ordered.length; i++) expect(compareSemver(ordered[i - 1]!, ordered[i]!)).toBe(-1)
  })

  it('ignores build metadata and refuses things that are not versions', () => {
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0)
    expect(compareSemver('1.0', '1.0.0')).toBeUndefined()
    expect(isSemver('01.0.0')).toBe(false)
    expect(isSemver('1.2.3-rc.1+sha.5')).toBe(true)
  })
})
