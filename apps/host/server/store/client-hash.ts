import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../db/client'

const SALT_KEY = 'client_salt'

/**
 * The installation's secret salt for client hashes, made once and kept in `system_state` so every instance and
 * restart agrees. It is random, not derived from config: a known salt would let anyone reverse an IPv4 hash by
 * trying all 2³² addresses.
 */
export async function readClientSalt(db: Queryable): Promise<string> {
  const made = randomBytes(32).toString('base64url')
  // The first instance to ask writes it; the others read the winner's.
  await db.query(
    `INSERT INTO system_state (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`,
    [SALT_KEY, made],
  )
  const rows = await db.query<{ value: unknown }>('SELECT value FROM system_state WHERE key = $1', [SALT_KEY])
  const salt = rows[0]?.value
  if (typeof salt !== 'string' || salt.length < 32)
    throw new Error('system_state.client_salt is missing or malformed')
  return salt
}

/** A short salted hash of a client address: groups one sender's rows without keeping the address. */
export function clientHash(salt: string, ip: string): string {
  return createHash('sha256').update(`${salt}:${ip}`).digest('base64url').slice(0, 16)
}
