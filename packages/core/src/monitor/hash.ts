const OFFSET = [0xcbf2, 0x9ce4, 0x8422, 0x2325] // FNV-1a 64-bit offset basis, in 16-bit limbs, high first
const encoder = new TextEncoder()

/**
 * A 64-bit FNV-1a hash of the code's UTF-8 bytes, as 16 hex digits, for `ExecutionRecord.codeHash`. It groups
 * runs of the same snippet without keeping its source. It is not cryptographic: do not use it to prove identity.
 *
 * @example
 * hashCode('print(1)') // always the same 16 hex digits
 */
export function hashCode(code: string): string {
  // 64-bit multiplication done in 16-bit limbs, since JS numbers hold only 53 bits exactly.
  let [h3, h2, h1, h0] = OFFSET as [number, number, number, number]
  for (const byte of encoder.encode(code)) {
    h0 ^= byte
    // prime = 2^40 + 0x1b3: multiply by 0x1b3, then add the value shifted left by 40 bits (2.5 limbs).
    const t0 = h0 * 0x1b3
    const t1 = h1 * 0x1b3 + (t0 >>> 16)
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8)
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8)
    h0 = t0 & 0xffff
    h1 = t1 & 0xffff
    h2 = t2 & 0xffff
    h3 = t3 & 0xffff
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('')
}
