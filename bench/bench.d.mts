export interface BenchResult {
  metric: string
  value: number | null
  baseline: number | null
  ratio: number | null
  target: number
  targetOn: 'ratio' | 'value'
  unit: string
  better: 'lower' | 'higher'
  met: boolean | null
  note?: string
  pending?: string
}
export const METRICS: { metric: string; target: number; targetOn: string; unit: string; better?: string }[]
export function runBench(options?: {
  smoke?: boolean
  out?: string
  log?: (line: string) => void
}): Promise<{ results: BenchResult[] }>
export function formatTable(results: BenchResult[]): string
