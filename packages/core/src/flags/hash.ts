/** Number of buckets a targeting key hashes into; a bucket is one hundredth of a percent. */
export const BUCKET_COUNT = 10_000

const encoder = new TextEncoder()

/**
 * MurmurHash3 x86_32 with seed 0 over the UTF-8 bytes of `text`, as an unsigned 32-bit integer. It is the hash
 * behind flag bucketing; any server can reproduce it (Python: `mmh3.hash(text, 0, signed=False)`).
 */
export function murmur3(text: string): number {
  const bytes = encoder.encode(text)
  const length = bytes.length
  const blocks = length - (length % 4)
  let h = 0
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)
    k = Math.imul(k, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  let k = 0
  switch (length % 4) {
    case 3:
      k ^= bytes[blocks + 2]! << 16
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8
    // falls through
    case 1:
      k ^= bytes[blocks]!
      k = Math.imul(k, 0xcc9e2d51)
      k = (k << 15) | (k >>> 17)
      k = Math.imul(k, 0x1b873593)
      h ^= k
  }
  h ^= length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * The rollout bucket of a user for a flag: `murmur3(flagKey + ":" + targetingKey) % 10000`. A user is in a
 * rollout of p % when the bucket is below `p * 100`, so raising p never drops anyone already in.
 */
export function rolloutBucket(flagKey: string, targetingKey: string): number {
  return murmur3(`${flagKey}:${targetingKey}`) % BUCKET_COUNT
}

/**
 * The variant bucket of a user for a flag: `murmur3(flagKey + ":variant:" + targetingKey) % 10000`. It is an
 * independent seed from {@link rolloutBucket}, so the users inside a 10 % rollout still split by the weights.
 */
export function variantBucket(flagKey: string, targetingKey: string): number {
  return murmur3(`${flagKey}:variant:${targetingKey}`) % BUCKET_COUNT
}
