import { envSchema, type HostConfig } from './schema'

/** A configuration problem: every bad variable, named, with what it accepts. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG'
  constructor(readonly problems: string[]) {
    super(
      `Runcell host configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'See docs/deployment.md for every variable and its default.',
    )
    this.name = 'ConfigError'
  }
}

/**
 * Parses and validates the environment. Empty variables count as unset, so `FOO=` in an env file falls back to
 * the default. Throws a {@link ConfigError} that names each bad variable and what it accepts.
 */
export function parseConfig(env: Record<string, string | undefined>): HostConfig {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value.trim() !== ''),
  )
  const result = envSchema.safeParse(present)
  if (!result.success) {
    // Never echo the value: it may be a secret such as ADMIN_TOKEN or a DATABASE_URL with a password.
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`))
  }
  return result.data
}
