// The host's database commands: `db:migrate`, `db:verify`, `maintenance:cleanup` and `maintenance:optimize`.
// They use the same configuration, schema and code as the app. With the embedded PGlite, stop the app first:
// one process at a time can open its data directory.
import { ConfigError, parseConfig } from '../server/config/load'
import { openDatabase } from '../server/db/client'
import { deleteOldRows, optimizeTables } from '../server/db/maintenance'
import { migrate, verifyMigrations } from '../server/db/migrate'

const COMMANDS = ['migrate', 'verify', 'cleanup', 'optimize'] as const

async function main(command: string | undefined): Promise<number> {
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    console.error(`usage: cli.js <${COMMANDS.join('|')}>`)
    return 2
  }
  const config = parseConfig(process.env)
  const db = await openDatabase(config)
  try {
    if (command === 'migrate') {
      const report = await migrate(db)
      console.log(
        `migrate: applied ${report.applied.length} (${report.applied.join(', ') || 'none'}), ${report.alreadyApplied} already applied`,
      )
    } else if (command === 'verify') {
      const report = await verifyMigrations(db)
      console.log(`verify: ${report.ok ? 'ok' : 'FAILED'} ${JSON.stringify(report)}`)
      return report.ok ? 0 : 1
    } else if (command === 'cleanup') {
      const deleted = await deleteOldRows(db, config.RUNCELL_RETENTION_DAYS)
      console.log(
        `cleanup: deleted ${deleted} execution and exercise-check rows older than ${config.RUNCELL_RETENTION_DAYS} days`,
      )
    } else {
      const tables = await optimizeTables(db)
      console.log(`optimize: vacuumed and analysed ${tables.join(', ')}`)
    }
    return 0
  } finally {
    await db.close()
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `${command()} failed: ${(error as Error).message}`,
    )
    process.exit(1)
  },
)

function command(): string {
  return process.argv[2] ?? 'cli'
}
