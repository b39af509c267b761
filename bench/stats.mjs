// Small statistics and the result record every metric produces.

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

// Three significant digits at least: a raw round trip takes well under a millisecond.
const round = (value, digits = 2) => {
  if (value === null || value === undefined || !Number.isFinite(value)) return value ?? null
  const places = Math.max(digits, 2 - Math.floor(Math.log10(Math.abs(value) || 1)))
  return Math.round(value * 10 ** places) / 10 ** places
}

/**
 * One row of the results. `targetOn` says whether the target bounds the ratio or the value itself; `met`
 * compares it in the direction of `better`. `note` says what was measured, in a sentence.
 */
export function result({ metric, value, baseline = null, target, targetOn, unit, better = 'lower', note }) {
  const ratio = baseline ? value / baseline : null
  const checked = targetOn === 'ratio' ? ratio : value
  const met =
    checked === null || checked === undefined
      ? null
      : better === 'lower'
        ? checked <= target
        : checked >= target
  return {
    metric,
    value: round(value),
    baseline: round(baseline),
    ratio: round(ratio, 3),
    target,
    targetOn,
    unit,
    better,
    met,
    note,
  }
}

/** A metric that could not be measured in this run, with the reason. */
export function pending({ metric, target, targetOn, unit, better = 'lower', reason }) {
  return {
    metric,
    value: null,
    baseline: null,
    ratio: null,
    target,
    targetOn,
    unit,
    better,
    met: null,
    pending: reason,
  }
}
