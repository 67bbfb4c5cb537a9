/** Why a podstate operation failed, for callers that branch on it (the CLI maps codes to exit codes). */
export type PodstateErrorCode =
  /** Bad input or usage: a file, field or argument the user must fix (exit 2). */
  | 'bad_input'
  /** The log is damaged and needs `podstate repair` (exit 3). */
  | 'damaged_log'
  /** Another writer holds the log's lock (exit 3). */
  | 'locked_log'
  /** An expectedRevision check failed; `actualRevision` says what the stream is at. */
  | 'revision_conflict'
  /** A check failed: an expectation, invariant or verification (exit 1). */
  | 'check_failed'
  /** The store could not be reached or lost its connection mid-operation: retry later (exit 4). */
  | 'store_unavailable';

/** An error whose message names the culprit and the fix, with a code callers can branch on. */
export class PodstateError extends Error {
  readonly code: PodstateErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: PodstateErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'PodstateError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a PodstateError with the given code. */
export function isPodstateError(e: unknown, code?: PodstateErrorCode): e is PodstateError {
  return e instanceof PodstateError && (code === undefined || e.code === code);
}
