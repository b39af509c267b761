import type { EngineStage, Language, RunStatus } from '@runcell/core'

/** Every string `<CodeRunner>` shows or announces. Pass any part as `messages` to translate or reword. */
export interface CodeRunnerMessages {
  languages: Record<Language, string>
  /** The runner's accessible name when it has no title. */
  runnerLabel: (language: string) => string
  editorLabel: (language: string) => string
  /** Shown under a focused editor. */
  editorHint: string
  /** Shown after Escape, while the next Tab leaves the editor. */
  escapeHint: string
  run: string
  running: string
  stop: string
  reset: string
  copy: string
  copied: string
  share: string
  shareCopied: string
  /** Shown when the clipboard refused; `text` is what could not be copied. */
  copyFailed: string
  outputLabel: string
  outputEmpty: string
  stages: Record<EngineStage, string>
  status: {
    idle: string
    queued: string
    loading: (language: string, stage: string) => string
    running: string
    restarting: string
    /** A Python package being installed before the run; `name` is empty when the runner doesn't say which. */
    installing: (name: string) => string
  } & Record<RunStatus, (duration: string) => string>
  duration: (ms: number) => string
  cached: string
  restarted: string
  truncatedOutput: string
  /** The accessible name of the input field, from the program's prompt (which may be empty). */
  inputLabel: (prompt: string) => string
  /** Announced when the program starts waiting for input. */
  inputRequested: (prompt: string) => string
  /** The button that sends an answer. */
  sendInput: string
  tableCaption: (index: number, rows: number) => string
  rowCount: (rows: number) => string
  truncatedRows: (rows: number) => string
  nullCell: string
  imageAlt: string
  htmlTitle: string
  /** Stands in for an image whose decoded size would stall the page. */
  imageTooLarge: (width: number, height: number) => string
  /** Stands in for an SVG whose `<use>` references expand past what the page can draw. */
  imageTooComplex: string
  /** The button that shows the next page of a long table; `shown` rows of `total` are on screen. */
  moreRows: (shown: number, total: number) => string
  /** The button that shows more outputs of a run that made very many. */
  moreOutputs: (hidden: number) => string
  errorAt: (line: number) => string
  errorGutter: (line: number) => string
  /** The notice when a flag turned execution off; `fallback` is the sentence from the flag evaluator. */
  executionOff: (language: string, fallback: string) => string
  feedback: {
    question: string
    yes: string
    no: string
    commentLabel: string
    send: string
    thanks: string
    failed: string
  }
  /** The strings of `<Exercise>`: its Check button, verdict panel, hints and solution. */
  exercise: {
    check: string
    checking: string
    passed: string
    failed: string
    /** The check itself is broken: the author's bug, not the learner's. */
    authorError: string
    /** Shown when the run gave no verdict (it was stopped, or the runtime has no checks). */
    noVerdict: string
    /** Announced when Runcell itself could not run the check (runner lost or unreachable); no attempt is counted. */
    unavailable: string
    /** The badge of an exercise the learner has passed before. */
    solved: string
    /** Announced in the live region; `message` is the check's own words, or empty. */
    announce: (status: 'pass' | 'fail' | 'error', message: string) => string
    attempts: (attempts: number) => string
    hintsLabel: string
    showHint: (next: number, total: number) => string
    showSolution: string
    /** Why the solution button waits: `remaining` more checks first. */
    solutionLocked: (remaining: number) => string
    solutionLabel: string
    useSolution: string
  }
}

/** The English defaults. */
export const DEFAULT_MESSAGES: CodeRunnerMessages = {
  languages: { python: 'Python', sql: 'SQL', javascript: 'JavaScript' },
  runnerLabel: (language) => `${language} code runner`,
  editorLabel: (language) => `${language} code`,
  editorHint: 'Ctrl+Enter runs the code. Press Escape, then Tab, to leave the editor.',
  escapeHint: 'Tab now moves to the next control.',
  run: 'Run',
  running: 'Running…',
  stop: 'Stop',
  reset: 'Reset',
  copy: 'Copy',
  copied: 'Code copied.',
  share: 'Share',
  shareCopied: 'Link to this code copied.',
  copyFailed: 'Could not reach the clipboard.',
  outputLabel: 'Output',
  outputEmpty: 'Run the code to see its output.',
  stages: { download: 'downloading', compile: 'compiling', ready: 'ready' },
  status: {
    idle: '',
    queued: 'Waiting for a free slot…',
    loading: (language, stage) => `Loading ${language} (${stage})…`,
    running: 'Running…',
    restarting: 'Restarting the interpreter…',
    installing: (name) => (name ? `Installing ${name}…` : 'Installing packages…'),
    ok: (duration) => `Finished in ${duration}.`,
    error: (duration) => `Failed after ${duration}.`,
    timeout: (duration) => `Timed out after ${duration}.`,
    stopped: () => 'Stopped.',
    limit: (duration) => `Stopped at a limit after ${duration}.`,
  },
  duration: (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`),
  cached: 'From cache.',
  restarted: 'The interpreter was restarted; earlier runs in this session were replayed.',
  truncatedOutput: 'Output was cut at the output limit.',
  inputLabel: (prompt) => (prompt.trim() ? `Input: ${prompt.trim()}` : 'Input for the program'),
  inputRequested: (prompt) =>
    prompt.trim() ? `The program asks: ${prompt.trim()}` : 'The program is waiting for input.',
  sendInput: 'Send',
  tableCaption: (index, rows) => `Result ${index} (${rows === 1 ? '1 row' : `${rows} rows`})`,
  rowCount: (rows) => (rows === 1 ? '1 row' : `${rows} rows`),
  truncatedRows: (rows) => `Only the first ${rows} rows are shown.`,
  nullCell: 'NULL',
  imageAlt: 'Image output',
  htmlTitle: 'HTML output',
  imageTooLarge: (width, height) => `Image of ${width} × ${height} pixels, too large to show.`,
  imageTooComplex: 'SVG image too complex to show.',
  moreRows: (shown, total) => `Show more rows (${shown} of ${total} shown)`,
  moreOutputs: (hidden) => `Show ${hidden === 1 ? '1 more output' : `${hidden} more outputs`}`,
  errorAt: (line) => `at line ${line}`,
  errorGutter: (line) => `Error on line ${line}`,
  executionOff: (_language, fallback) => fallback,
  feedback: {
    question: 'Was this helpful?',
    yes: 'Yes',
    no: 'No',
    commentLabel: 'Anything to add? (optional)',
    send: 'Send',
    thanks: 'Thanks for your feedback.',
    failed: 'Your feedback could not be sent.',
  },
  exercise: {
    check: 'Check',
    checking: 'Checking…',
    passed: 'Correct!',
    failed: 'Not yet.',
    authorError: 'The check itself failed. This is a problem with the exercise, not with your code.',
    noVerdict: 'The code did not finish, so it was not checked.',
    unavailable: 'Runcell could not run the check, so it does not count as an attempt. Try again.',
    solved: 'Solved',
    announce: (status, message) =>
      `${status === 'pass' ? 'Correct!' : status === 'fail' ? 'Not yet.' : 'The check itself failed.'}${message ? ` ${message}` : ''}`,
    attempts: (attempts) => (attempts === 1 ? '1 attempt' : `${attempts} attempts`),
    hintsLabel: 'Hints',
    showHint: (next, total) => (next === 1 ? `Show a hint (1 of ${total})` : `Show hint ${next} of ${total}`),
    showSolution: 'Show the solution',
    solutionLocked: (remaining) =>
      `The solution unlocks after ${remaining === 1 ? '1 more check' : `${remaining} more checks`}.`,
    solutionLabel: 'Solution',
    useSolution: 'Put the solution in the editor',
  },
}

/** Overrides for any part of the messages; nested groups merge one level deep. */
export type CodeRunnerMessageOverrides = Partial<
  Omit<CodeRunnerMessages, 'languages' | 'stages' | 'status' | 'feedback' | 'exercise'>
> & {
  languages?: Partial<CodeRunnerMessages['languages']>
  stages?: Partial<CodeRunnerMessages['stages']>
  status?: Partial<CodeRunnerMessages['status']>
  feedback?: Partial<CodeRunnerMessages['feedback']>
  exercise?: Partial<CodeRunnerMessages['exercise']>
}

/** The defaults with each layer of overrides applied in order. */
export function mergeMessages(...layers: (CodeRunnerMessageOverrides | undefined)[]): CodeRunnerMessages {
  let merged = DEFAULT_MESSAGES
  for (const layer of layers) {
    if (!layer) continue
    merged = {
      ...merged,
      ...layer,
      languages: { ...merged.languages, ...layer.languages },
      stages: { ...merged.stages, ...layer.stages },
      status: { ...merged.status, ...layer.status },
      feedback: { ...merged.feedback, ...layer.feedback },
      exercise: { ...merged.exercise, ...layer.exercise },
    }
  }
  return merged
}
