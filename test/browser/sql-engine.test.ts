import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult, TableEvent } from '../../packages/core/src/index.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

const require = createRequire(import.meta.url)

interface NodeSqlJs {
  Database: new () => { run(sql: string): void; export(): Uint8Array; close(): void }
}

/** A small SQLite file made with sql.js's Node build, so the test needs no binary fixture. */
async function shopDatabase(): Promise<Uint8Array> {
  const initSqlJs = require('sql.js') as () => Promise<NodeSqlJs>
  const db = new (await initSqlJs()).Database()
  db.run(
    "CREATE TABLE orders(id INTEGER PRIMARY KEY, item TEXT); INSERT INTO orders(item) VALUES ('tea'), ('cake')",
  )
  const bytes = db.export()
  db.close()
  return bytes
}

const tables = (result: RunResult) =>
  result.outputs.filter((output): output is TableEvent => output.type === 'table')

let rt: RuntimePage

beforeAll(async () => {
  rt = await openRuntimePage()
})

afterAll(async () => {
  await rt?.close()
})

const sql = (code: string, more: { session?: string; files?: Record<string, string | Uint8Array> } = {}) =>
  rt.run({ language: 'sql', code, ...more })

describe('the SQL engine', () => {
  it('loads cold and then answers a warm run quickly', async () => {
    const coldStart = Date.now()
    const cold = await sql('SELECT 1 AS one')
    const coldMs = Date.now() - coldStart
    const warmStart = Date.now()
    const warm = await sql('SELECT 2 AS two')
    const warmMs = Date.now() - warmStart
    console.log(`sql cold run ${coldMs} ms, warm round trip ${warmMs} ms`)
    expect(cold.result.status).toBe('ok')
    expect(tables(warm.result)).toEqual([{ type: 'table', columns: ['two'], rows: [[2]], truncated: false }])
    expect(warmMs).toBeLessThan(1000)
  })

  it('gives each result set its own table, in order, with cells as plain values', async () => {
    const { result } = await sql(
      "CREATE TABLE t(x);\nINSERT INTO t VALUES (1), (2);\nSELECT x FROM t ORDER BY x;\nSELECT 'a' AS s, NULL AS n, 1.5 AS f, x'00ff10' AS b, 9223372036854775807 AS big;",
    )
    expect(result.status).toBe('ok')
    expect(tables(result)).toEqual([
      { type: 'table', columns: ['x'], rows: [[1], [2]], truncated: false },
      {
        type: 'table',
        columns: ['s', 'n', 'f', 'b', 'big'],
        rows: [['a', null, 1.5, '<blob 3 bytes>', '9223372036854775807']],
        truncated: false,
      },
    ])
  })

  it('stops a result set at the row cap, marks it truncated, and still runs the next statement', async () => {
    const { result } = await sql(
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5000) SELECT i FROM c;\nSELECT 'next' AS after;",
    )
    const [capped, next] = tables(result)
    expect(capped?.rows).toHaveLength(1000)
    expect(capped?.truncated).toBe(true)
    expect(next?.rows).toEqual([['next']])
  })

  it('names the line where the failing statement starts and keeps the results before it', async () => {
    const { result } = await sql('SELECT 1 AS ok;\n\n-- a typo follows\n  SELEC 2;\nSELECT 3;')
    expect(result.status).toBe('error')
    expect(result.error).toMatchObject({ name: 'SQLError', line: 4 })
    expect(result.error?.message).toContain('syntax error')
    expect(tables(result)).toHaveLength(1)
  })

  it('keeps text outside ASCII intact and still names the failing line after it', async () => {
    const { result } = await sql("SELECT 'naïve 日本語 😀' AS t;\n-- ünïcödé\nSELEC 2;")
    expect(tables(result)[0]?.rows).toEqual([['naïve 日本語 😀']])
    expect(result.error).toMatchObject({ name: 'SQLError', line: 3 })
  })

  it('shares one database between runs of a session and gives isolated runs their own', async () => {
    await sql("CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('kept');", { session: 'notes' })
    const again = await sql('SELECT body FROM notes;', { session: 'notes' })
    expect(tables(again.result)[0]?.rows).toEqual([['kept']])
    await sql('CREATE TABLE scratch(x);')
    const isolated = await sql('SELECT * FROM scratch;')
    expect(isolated.result.error?.message).toContain('no such table: scratch')
  })

  it('does not let SQL raise the hard heap limit', async () => {
    const { result } = await sql(
      'PRAGMA hard_heap_limit;\nPRAGMA hard_heap_limit = 4000000000;\nPRAGMA hard_heap_limit;',
    )
    const [before, attempt, after] = tables(result).map((table) => Number(table.rows[0]?.[0]))
    expect(before).toBeGreaterThan(10_000_000)
    expect(before).toBeLessThanOrEqual(100 * 1024 * 1024)
    expect(attempt).toBe(before)
    expect(after).toBe(before)
  })

  it('ends blob and printf bombs at the memory limit, and the next run and the session still work', async () => {
    await sql("CREATE TABLE survivor(x); INSERT INTO survivor VALUES ('still here');", { session: 'bombs' })
    for (const bomb of [
      'SELECT randomblob(400000000);',
      'SELECT zeroblob(400000000);',
      "SELECT length(printf('%.*c', 400000000, 'x'));",
      'CREATE TABLE big AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 400) SELECT randomblob(1000000) AS b FROM c;',
    ]) {
      const { result } = await sql(bomb, { session: 'bombs' })
      expect(result.status, bomb).toBe('limit')
      expect(result.error?.message).toMatch(/memory limit|too big/)
    }
    const after = await sql('SELECT x FROM survivor;', { session: 'bombs' })
    expect(tables(after.result)[0]?.rows).toEqual([['still here']])
  })

  it('refuses to create files, which would live outside the memory limit', async () => {
    for (const code of ["ATTACH '/big.db' AS big;", "VACUUM INTO '/copy.db';"]) {
      const { result } = await sql(code)
      expect(result.status, code).toBe('error')
      expect(result.error?.name).toBe('SQLITE_CANTOPEN')
    }
    // A temp table only reaches the file system once it outgrows SQLite's page cache.
    const { result } = await sql(
      'PRAGMA temp_store = FILE;\nCREATE TEMP TABLE t AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30) SELECT randomblob(1000000) AS b FROM c;',
    )
    expect(result.error).toMatchObject({ name: 'SQLITE_CANTOPEN', line: 2 })
  })

  it('attaches a .sqlite file given with the run under its base name', async () => {
    const files = { 'data/shop.sqlite': await shopDatabase(), 'notes.csv': 'a,b\n1,2\n' }
    const first = await sql(
      "SELECT item FROM shop.orders ORDER BY id;\nINSERT INTO orders(item) VALUES ('pie');",
      {
        session: 'shop',
        files,
      },
    )
    expect(first.result.error).toBeUndefined()
    expect(tables(first.result)[0]?.rows).toEqual([['tea'], ['cake']])
    const second = await sql('SELECT count(*) AS n FROM shop.orders;', { session: 'shop', files })
    expect(tables(second.result)[0]?.rows).toEqual([[3]])
  })

  it('inserts 100k rows and groups them in well under the timeout', async () => {
    // Four runs of 25k single-row INSERT statements: one run's code may not exceed 1M characters.
    let insertMs = 0
    await sql('CREATE TABLE p(k INTEGER, v REAL);', { session: 'perf' })
    for (let batch = 0; batch < 4; batch++) {
      const rows = Array.from({ length: 25_000 }, (_, i) => `INSERT INTO p VALUES (${i % 100}, ${i / 2});`)
      const insert = await sql(`BEGIN;\n${rows.join('\n')}\nCOMMIT;`, { session: 'perf' })
      expect(insert.result.status).toBe('ok')
      insertMs += insert.result.durationMs
    }
    const grouped = await sql('SELECT k, count(*) AS n, sum(v) AS total FROM p GROUP BY k;', {
      session: 'perf',
    })
    console.log(
      `sql 100k inserts ${Math.round(insertMs)} ms, GROUP BY ${Math.round(grouped.result.durationMs)} ms`,
    )
    expect(tables(grouped.result)[0]?.rows).toHaveLength(100)
    expect(tables(grouped.result)[0]?.rows[0]?.[1]).toBe(1000)
    expect(insertMs + grouped.result.durationMs).toBeLessThan(10_000)
  })
})
