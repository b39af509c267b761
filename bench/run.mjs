#!/usr/bin/env node
// `npm run bench`: every metric against its baseline in one Chromium run; prints a table and writes
// bench/results/latest.json. Build first (npm run build): it measures the built packages and host app.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatTable, runBench } from './bench.mjs'

const smoke = process.argv.includes('--smoke')
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', smoke ? 'smoke.json' : 'latest.json')
console.log(`Runcell benchmarks${smoke ? ' (smoke)' : ''}: ratios against baselines measured in this run`)
const { results } = await runBench({ smoke, out })
console.log(`\n${formatTable(results)}\n\nwrote ${out}`)
