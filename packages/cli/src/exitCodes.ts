import { isPodstateError, type PodstateErrorCode } from '@podstate/core';
import { CommanderError } from 'commander';
import type { OutputStream } from './io.js';

/**
 * Every exit code the CLI uses, decided here and nowhere else (DESIGN.md "CLI").
 * `internal` is sysexits' EX_SOFTWARE: an error no podstate code path anticipated, i.e. a bug,
 * kept apart from 1–3 so scripts never mistake a crash for a failed check or bad input.
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  logUnavailable: 3,
  /** The store (PostgreSQL) is unreachable or went away mid-command: nothing is wrong with the input; retry. */
  storeUnavailable: 4,
  internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const byErrorCode: Record<PodstateErrorCode, ExitCode> = {
  bad_input: ExitCode.badInput,
  revision_conflict: ExitCode.badInput,
  damaged_log: ExitCode.logUnavailable,
  locked_log: ExitCode.logUnavailable,
  check_failed: ExitCode.checkFailed,
  store_unavailable: ExitCode.storeUnavailable,
};

/** The exit code for an error a command threw (or commander raised while parsing argv). */
export function exitCodeForError(error: unknown): ExitCode {
  if (isPodstateError(error)) return byErrorCode[error.code] ?? ExitCode.internal;
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  return ExitCode.internal;
}

/** Writes `podstate: <message>` on stderr, one prefix per line of a multi-line message. */
export function printError(stderr: OutputStream, message: string): void {
  const lines = message.replace(/\n+$/, '').split('\n');
  stderr.write(`${lines.map((l) => `podstate: ${l}`).join('\n')}\n`);
}

/**
 * Reports an error thrown by a command and returns its exit code. Commander's own errors were
 * already printed by commander; unknown errors are bugs and say so (the stack with PODSTATE_DEBUG=1).
 */
export function reportError(
  io: { stderr: OutputStream; env: Readonly<Record<string, string | undefined>> },
  error: unknown,
): ExitCode {
  const code = exitCodeForError(error);
  if (error instanceof CommanderError) return code;
  if (code !== ExitCode.internal) {
    printError(io.stderr, (error as Error).message);
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  printError(io.stderr, `unexpected error: ${message}`);
  printError(io.stderr, 'this is a podstate bug; please report it with the command you ran');
  if (io.env.PODSTATE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else printError(io.stderr, 'set PODSTATE_DEBUG=1 to print the stack trace');
  return code;
}
