/**
 * The error names the host keeps from telemetry. A record's `errorName` is whatever the visitor's browser (or
 * anyone with curl) wrote, and the admin dashboard shows it, so only names from this list are kept; any other
 * becomes {@link OTHER_ERROR}. The list: Runcell's own run error names (core's `RunErrorName` union in
 * `protocol/types.ts`), and the built-in error names of the three languages.
 */
export const KNOWN_ERROR_NAMES: ReadonlySet<string> = new Set([
  // Runcell's own (RunErrorName), plus the names a stop and a timeout are reported with.
  'EngineCrash',
  'EngineLoadError',
  'RunnerUnavailable',
  'RunnerError',
  'Timeout',
  'Stopped',
  // JavaScript's built-in errors.
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'AggregateError',
  'Uncaught',
  // SQL.
  'SQLError',
  // Python's built-in exceptions.
  'Exception',
  'ArithmeticError',
  'AssertionError',
  'AttributeError',
  'BufferError',
  'EOFError',
  'FloatingPointError',
  'GeneratorExit',
  'ImportError',
  'IndentationError',
  'IndexError',
  'KeyError',
  'KeyboardInterrupt',
  'LookupError',
  'MemoryError',
  'ModuleNotFoundError',
  'NameError',
  'NotImplementedError',
  'OSError',
  'OverflowError',
  'RecursionError',
  'RuntimeError',
  'StopIteration',
  'SystemExit',
  'TabError',
  'UnboundLocalError',
  'UnicodeDecodeError',
  'UnicodeEncodeError',
  'UnicodeError',
  'ValueError',
  'ZeroDivisionError',
  'FileNotFoundError',
  'PermissionError',
  'TimeoutError',
])

/** What an error name outside {@link KNOWN_ERROR_NAMES} is stored and shown as. */
export const OTHER_ERROR = 'OtherError'

/** The name to keep for a reported error name. */
export function knownErrorName(name: string): string {
  return KNOWN_ERROR_NAMES.has(name) ? name : OTHER_ERROR
}
