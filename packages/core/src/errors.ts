/** Stable codes for every error `@runcell/core` throws. */
export type RuncellErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_REQUEST'
  | 'ENGINE_LOAD_FAILED'
  | 'RUNNER_UNAVAILABLE'
  | 'DISPOSED'
  | 'INVALID_FLAG'
  | 'INVALID_FLAG_SOURCE'
  | 'INVALID_OPTIONS'

/**
 * The one error class of `@runcell/core`. Errors in user code are not thrown: they come back as a
 * `RunResult` with `status: 'error'`. This class is for misuse and infrastructure failures.
 */
export class RuncellError extends Error {
  readonly code: RuncellErrorCode

  constructor(code: RuncellErrorCode, message: string) {
    super(message)
    this.name = 'RuncellError'
    this.code = code
  }
}
