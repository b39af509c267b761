/**
 * A log-linear latency histogram with a fixed number of buckets, so it never grows with traffic and two of them
 * merge by adding counts. Bucket i covers (MIN·γ^(i-1), MIN·γ^i] with γ = (1 + α) / (1 − α), and reports the value
 * 2·MIN·γ^i / (γ + 1): every value in the bucket is within α of it (the DDSketch argument). With α = 1 % and the
 * range 0.1 ms … 10⁷ ms this is 923 buckets, 3.7 KB as a Uint32Array.
 */

/** Relative error of every quantile estimate for values inside the histogram's range (1 %). */
export const SKETCH_RELATIVE_ERROR = 0.01

/** Smallest duration, in ms, that keeps the stated relative error; smaller values are off by at most this. */
export const SKETCH_MIN_VALUE = 0.1

/** Largest duration, in ms, that keeps the stated relative error (about 2.8 hours); larger values are clamped. */
export const SKETCH_MAX_VALUE = 1e7

const GAMMA = (1 + SKETCH_RELATIVE_ERROR) / (1 - SKETCH_RELATIVE_ERROR)
const LOG_GAMMA = Math.log(GAMMA)

/** How many buckets every histogram has. */
export const SKETCH_BUCKETS = Math.ceil(Math.log(SKETCH_MAX_VALUE / SKETCH_MIN_VALUE) / LOG_GAMMA) + 1

/** The bucket a value falls in. Non-finite and negative values count as 0. */
export function bucketIndex(value: number): number {
  if (!(value > SKETCH_MIN_VALUE)) return 0
  const index = Math.ceil(Math.log(value / SKETCH_MIN_VALUE) / LOG_GAMMA)
  return index >= SKETCH_BUCKETS ? SKETCH_BUCKETS - 1 : index
}

/** The value a bucket reports: within the stated relative error of every value in it. */
export function bucketValue(index: number): number {
  return (2 * SKETCH_MIN_VALUE * Math.pow(GAMMA, index)) / (GAMMA + 1)
}

/** A fresh, empty histogram. */
export function createHistogram(): Uint32Array {
  return new Uint32Array(SKETCH_BUCKETS)
}

/** Adds every count of `from` into `into`. */
export function mergeHistogram(into: Uint32Array, from: Uint32Array): void {
  for (let i = 0; i < SKETCH_BUCKETS; i++) {
    const count = from[i]!
    if (count !== 0) into[i] = into[i]! + count
  }
}

/**
 * The nearest-rank quantile q (0 < q ≤ 1) of a histogram holding `total` values: the reported value of the bucket
 * that holds the ⌈q·total⌉-th smallest value. Returns null for an empty histogram.
 */
export function histogramQuantile(histogram: Uint32Array, total: number, q: number): number | null {
  if (total <= 0) return null
  const rank = Math.max(1, Math.ceil(q * total))
  let seen = 0
  for (let i = 0; i < SKETCH_BUCKETS; i++) {
    seen += histogram[i]!
    if (seen >= rank) return bucketValue(i)
  }
  return bucketValue(SKETCH_BUCKETS - 1)
}
