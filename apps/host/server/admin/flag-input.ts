import { validateFlagDefinition, type FlagDefinition } from '@runcell/core/flags'
import { z } from 'zod'
import { RESERVED_FLAGS } from '../flags-document'
import { readJson } from '../http/body'
import { problem } from '../http/problem'
import { FlagStoreError } from '../store/flags'

/** Largest flag definition body in bytes. */
export const MAX_FLAG_BYTES = 64 * 1024

/**
 * Reads a flag definition from the body and validates it with the core validator, so the admin API refuses
 * exactly what clients would refuse. Runcell's switches are not editable here (the switch routes own them).
 */
export async function readFlag(request: Request, key?: string): Promise<FlagDefinition | Response> {
  const body = await readJson(request, z.record(z.string(), z.unknown()), MAX_FLAG_BYTES)
  if (!body.ok) return body.response
  const input = key === undefined ? body.data : { ...body.data, key: body.data.key ?? key }
  let definition: FlagDefinition
  try {
    const { version: _ignored, ...rest } = input
    definition = validateFlagDefinition(rest)
  } catch (error) {
    return problem(400, 'Bad Request', error instanceof Error ? error.message : 'Invalid flag definition.')
  }
  if (key !== undefined && definition.key !== key) {
    return problem(400, 'Bad Request', `The body's key "${definition.key}" differs from the URL's "${key}".`)
  }
  if (RESERVED_FLAGS.includes(definition.key)) {
    return problem(
      409,
      'Conflict',
      `"${definition.key}" is a Runcell switch; use /api/admin/execution instead.`,
    )
  }
  return definition
}

/** Maps a store refusal to 404 or 409; anything else is rethrown. */
export function storeProblem(error: unknown): Response {
  if (error instanceof FlagStoreError) {
    return problem(
      error.code === 'EXISTS' ? 409 : 404,
      error.code === 'EXISTS' ? 'Conflict' : 'Not Found',
      error.message,
    )
  }
  throw error
}
