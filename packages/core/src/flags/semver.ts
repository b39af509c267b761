interface SemVer {
  core: [number, number, number]
  prerelease: string[]
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/

function parseSemver(text: string): SemVer | undefined {
  const match = SEMVER.exec(text.trim())
  if (!match) return undefined
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] ? match[4].split('.') : [],
  }
}

/** True when `text` is a semantic version such as `1.2.3`, `v2.0.0-rc.1` or `1.0.0+build.5`. */
export function isSemver(text: string): boolean {
  return parseSemver(text) !== undefined
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a)
  const bNumeric = /^\d+$/.test(b)
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b))
  // SemVer 2.0.0 §11: numeric identifiers sort before alphanumeric ones.
  if (aNumeric) return -1
  if (bNumeric) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Compares two versions by SemVer 2.0.0 precedence (build metadata ignored): negative, zero or positive, or
 * `undefined` when either is not a version.
 */
export function compareSemver(left: string, right: string): number | undefined {
  const a = parseSemver(left)
  const b = parseSemver(right)
  if (!a || !b) return undefined
  for (let i = 0; i < 3; i++) {
    const diff = a.core[i]! - b.core[i]!
    if (diff !== 0) return Math.sign(diff)
  }
  // A version without a prerelease outranks the same version with one: 1.0.0-rc.1 < 1.0.0.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return Math.sign(b.prerelease.length - a.prerelease.length)
  }
  const length = Math.max(a.prerelease.length, b.prerelease.length)
  for (let i = 0; i < length; i++) {
    const x = a.prerelease[i]
    const y = b.prerelease[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const diff = compareIdentifiers(x, y)
    if (diff !== 0) return diff
  }
  return 0
}
