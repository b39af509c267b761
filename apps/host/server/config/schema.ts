import { z } from 'zod'
import { runnerOriginOf } from './runner'

// Environment variables arrive as strings; these helpers turn them into typed values with a message that says
// what the variable accepts, so a typo stops the app with a sentence instead of a stack trace.
const int = (min: number, max: number, fallback: number, unit = '') =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `accepts a whole number from ${min} to ${max}${unit}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `accepts ${min} to ${max}${unit}`)
        .max(max, `accepts ${min} to ${max}${unit}`),
    )
    .optional()
    .transform((value) => value ?? fallback)

const bool = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value), {
      message: 'accepts true or false (also 1/0, yes/no, on/off)',
    })
    .transform((value) => ['true', '1', 'yes', 'on'].includes(value))
    .optional()
    .transform((value) => value ?? fallback)

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol)
        } catch {
          return false
        }
      },
      { message: `accepts an absolute URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
    )
    .optional()

const secret = (minLength: number) =>
  z.string().min(minLength, `accepts a secret of at least ${minLength} characters`).optional()

/** Words that mark a value copied from an example rather than generated. */
const PLACEHOLDER = /change-?me|example|placeholder|your[-_]?(admin[-_]?)?token|replace|x{6}/i

/**
 * Whether a secret is guessable: the placeholder of `.env.example` (or any like it), few distinct characters, or
 * one short pattern repeated. `deploy/lib.sh` applies the same rule before a deploy.
 */
export function guessableSecret(value: string): boolean {
  return PLACEHOLDER.test(value) || new Set(value).size < 8 || /^(.+)\1+$/.test(value)
}

const adminToken = z
  .string()
  .min(24, 'accepts a secret of at least 24 characters')
  .refine((value) => !guessableSecret(value), {
    message: 'is a placeholder or too easy to guess; generate one with `openssl rand -hex 24`',
  })
  .optional()

// "100", "100MB", "512kb", "1GB": a plain number is megabytes, like the runtime's 100 MB default.
const memoryMb = z
  .string()
  .trim()
  .regex(
    /^\d+(\.\d+)?\s*(kb|mb|gb)?$/i,
    'accepts a size in MB such as 100, or with a unit: 512KB, 100MB, 1GB',
  )
  .transform((value) => {
    const [, amount = '0', unit = 'mb'] = /^([\d.]+)\s*([a-z]*)$/i.exec(value) ?? []
    const factor = { kb: 1 / 1024, mb: 1, gb: 1024 }[unit.toLowerCase() || 'mb'] ?? 1
    return Math.round(Number(amount) * factor)
  })
  .pipe(z.number().int().min(16, 'accepts 16 MB to 4096 MB').max(4096, 'accepts 16 MB to 4096 MB'))
  .optional()
  .transform((value) => value ?? 100)

// A list of IPs or CIDR blocks, such as "127.0.0.1,10.0.0.0/8,::1".
const ipList = z
  .string()
  .trim()
  .refine(
    (value) =>
      value === '' ||
      value
        .split(',')
        .every((item) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item.trim()) && item.trim() !== ''),
    {
      message: 'accepts a comma-separated list of IP addresses or CIDR blocks, such as 127.0.0.1,10.0.0.0/8',
    },
  )
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .optional()
  .transform((value) => value ?? [])

/**
 * Every environment variable the host reads, with its default; `docs/deployment.md` documents each one.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('production'),
  NEXT_PUBLIC_CODE_EXECUTION_TIMEOUT: int(1_000, 300_000, 30_000, ' ms'),
  NEXT_PUBLIC_MAX_MEMORY_USAGE: memoryMb,
  NEXT_PUBLIC_MAX_CONCURRENT_EXECUTIONS: int(1, 100, 10),
  NEXT_PUBLIC_ENABLE_PYTHON_EXECUTION: bool(true),
  NEXT_PUBLIC_ENABLE_SQL_EXECUTION: bool(true),
  // User code never has network access: the runner's CSP and sandbox are not settings. The variable stays so that
  // an old .env that turns it off stops the app with a sentence instead of silently changing nothing.
  NEXT_PUBLIC_NETWORK_ACCESS_BLOCKED: bool(true).refine((value) => value, {
    message: "accepts only true: user code never has network access (the runner's CSP); remove the variable",
  }),
  NEXT_PUBLIC_MONITORING_ENABLED: bool(true),
  NEXT_PUBLIC_FEATURE_FLAGS_ENABLED: bool(true),
  NEXT_PUBLIC_FEATURE_FLAGS_CACHE_TTL: int(0, 86_400_000, 300_000, ' ms'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: int(1, 200, 10),
  DATABASE_TIMEOUT: int(100, 120_000, 5_000, ' ms'),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_TIMEOUT: int(100, 60_000, 2_000, ' ms'),
  REDIS_MAX_RETRIES: int(0, 20, 3),
  NEXT_PUBLIC_APP_URL: url(['http:', 'https:']),
  NEXT_PUBLIC_API_URL: url(['http:', 'https:']),
  NEXT_PUBLIC_CSP_ENABLED: bool(true),
  // Likewise the sandbox: there is no mode that runs user code with fewer walls.
  NEXT_PUBLIC_SANDBOX_MODE: z
    .enum(['strict'], {
      message:
        'accepts only strict: the runner is always sandboxed (relaxed and disabled do not exist); remove the variable',
    })
    .optional()
    .default('strict'),
  RUNNER_DOMAIN: z
    .string()
    .trim()
    .refine((value) => runnerOriginOf(value) !== null, {
      message: 'accepts a host name such as run.example-cdn.com, or an origin such as http://localhost:4100',
    })
    .transform((value) => runnerOriginOf(value) as string)
    .optional(),
  ADMIN_TOKEN: adminToken,
  SLACK_WEBHOOK_URL: url(['https:', 'http:']),
  PAGERDUTY_INTEGRATION_KEY: secret(8),
  PAGERDUTY_EVENTS_URL: url(['https:', 'http:']).transform(
    (value) => value ?? 'https://events.pagerduty.com/v2/enqueue',
  ),
  RUNCELL_DATA_DIR: z.string().trim().min(1, 'accepts a directory path').optional().default('.data'),
  RUNCELL_RETENTION_DAYS: int(1, 3_650, 7, ' days'),
  RUNCELL_TRUSTED_PROXIES: ipList,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'accepts fatal, error, warn, info, debug, trace or silent',
    })
    .optional()
    .default('info'),
})

/** The validated configuration, typed from the schema. */
export type HostConfig = z.output<typeof envSchema>
