import type { Language } from '../protocol/types.js'
import type { FlagStore } from './store.js'
import type { EvaluationContext, FlagEvaluation, FlagValue } from './types.js'

/** Master switch: off means every runner shows "execution is turned off" and cannot run. */
export const CODE_EXECUTION_FLAG = 'code_execution'
/** Off means Python runners cannot run. */
export const PYTHON_EXECUTION_FLAG = 'python_execution'
/** Off means SQL runners cannot run. */
export const SQL_EXECUTION_FLAG = 'sql_execution'
/** Off means JavaScript runners cannot run. */
export const JAVASCRIPT_EXECUTION_FLAG = 'javascript_execution'
/** On enables the heavier Python extras (packages beyond the standard library); off by default. */
export const ENHANCED_PYTHON_EXECUTION_FLAG = 'enhanced_python_execution'

/** The flag that switches each language, so a runner can look up its own switch. */
export const LANGUAGE_EXECUTION_FLAGS: Readonly<Record<Language, string>> = {
  python: PYTHON_EXECUTION_FLAG,
  sql: SQL_EXECUTION_FLAG,
  javascript: JAVASCRIPT_EXECUTION_FLAG,
}

/** Why a runner may or may not run. */
export type ExecutionSwitchReason = 'ALLOWED' | 'CODE_EXECUTION_OFF' | 'LANGUAGE_OFF'

/** What a runner needs to obey the switches: may it run, why not, and a sentence to show. */
export interface ExecutionSwitch {
  allowed: boolean
  reason: ExecutionSwitchReason
  /** The flag that turned execution off, when one did. */
  flagKey?: string
  /** A sentence for the runner to show, such as "Code execution is turned off." */
  message: string
  /** True when `enhanced_python_execution` is on and the language is Python. */
  enhanced: boolean
}

/** Reads a boolean flag, answering `defaultValue` when the flag is unknown. */
export type BooleanFlagReader = (flagKey: string, defaultValue: boolean) => boolean

/**
 * A switch's state from its evaluation: `defaultValue` unless the flag gave a boolean, and off whenever the flag is
 * disabled. A disabled flag serves the caller's default (OpenFeature's rule), but an operator who disables
 * `code_execution` means "off", so the switches read `DISABLED` as off.
 */
export function switchState(
  evaluation: FlagEvaluation<FlagValue | undefined>,
  defaultValue: boolean,
): boolean {
  if (evaluation.reason === 'DISABLED') return false
  return typeof evaluation.value === 'boolean' ? evaluation.value : defaultValue
}

const LANGUAGE_NAMES: Record<Language, string> = { python: 'Python', sql: 'SQL', javascript: 'JavaScript' }

/**
 * Decides whether a runner of `language` may run under Runcell's switches. Unknown flags allow execution, so a
 * host with no flags at all runs code; `code_execution` off wins over the language switch. `context` is used
 * when `flags` is a store.
 */
export function isExecutionAllowed(
  flags: FlagStore | BooleanFlagReader,
  language: Language,
  context: EvaluationContext = {},
): ExecutionSwitch {
  const read: BooleanFlagReader =
    typeof flags === 'function'
      ? flags
      : (key, defaultValue) => switchState(flags.evaluate(key, defaultValue, context), defaultValue)
  if (read(CODE_EXECUTION_FLAG, true) !== true) {
    return {
      allowed: false,
      reason: 'CODE_EXECUTION_OFF',
      flagKey: CODE_EXECUTION_FLAG,
      message: 'Code execution is turned off.',
      enhanced: false,
    }
  }
  const languageFlag = LANGUAGE_EXECUTION_FLAGS[language]
  if (read(languageFlag, true) !== true) {
    return {
      allowed: false,
      reason: 'LANGUAGE_OFF',
      flagKey: languageFlag,
      message: `${LANGUAGE_NAMES[language]} execution is turned off.`,
      enhanced: false,
    }
  }
  const enhanced = language === 'python' && read(ENHANCED_PYTHON_EXECUTION_FLAG, false) === true
  return { allowed: true, reason: 'ALLOWED', message: `${LANGUAGE_NAMES[language]} code can run.`, enhanced }
}
