import { createRequire } from 'node:module';
import type { PodstateErrorCode } from '@podstate/core';
import { isPodstateError } from '@podstate/core/views';
import type { CommanderError } from 'commander';
import type { OutputStream } from './io.js';
import { redactConnectionString } from './log/redactConnectionString.js';

/**
 * Every exit code the CLI uses, decided here and nowhere else (docs/commands.md, exit codes).
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

/**
 * File-system errors by errno: what it means for the user, what to do, and the exit code. A path
 * the user gave that cannot be used is bad input (2); a disk that refuses the log's writes makes
 * the log unavailable (3). None of them is a podstate bug.
 */
const byErrno: Record<string, { what: string; fix: string; exit: ExitCode }> = {
  ENOENT: { what: 'no such file or directory', fix: 'check the path', exit: ExitCode.badInput },
  ENOTDIR: { what: 'a part of the path is not a directory', fix: 'check the path', exit: ExitCode.badInput },
  EISDIR: { what: 'it is a directory', fix: 'give a file path', exit: ExitCode.badInput },
  EACCES: {
    what: 'permission denied',
    fix: "check the file's and directory's permissions",
    exit: ExitCode.badInput,
  },
  EPERM: {
    what: 'operation not permitted',
    fix: "check the file's and directory's permissions",
    exit: ExitCode.badInput,
  },
  EROFS: { what: 'read-only file system', fix: 'choose a writable location', exit: ExitCode.badInput },
  ENAMETOOLONG: { what: 'file name too long', fix: 'use a shorter path', exit: ExitCode.badInput },
  ELOOP: { what: 'too many symbolic links', fix: 'check the path', exit: ExitCode.badInput },
  ENOSPC: {
    what: 'no space left on device',
    fix: 'free some space and run the command again; what was not acknowledged was not appended',
    exit: ExitCode.logUnavailable,
  },
  EDQUOT: {
    what: 'disk quota exceeded',
    fix: 'free some space and run the command again; what was not acknowledged was not appended',
    exit: ExitCode.logUnavailable,
  },
  EFBIG: { what: 'file too large', fix: 'start a new log with --log', exit: ExitCode.logUnavailable },
  EIO: { what: 'input/output error', fix: 'check the disk', exit: ExitCode.logUnavailable },
  EMFILE: {
    what: 'too many open files',
    fix: 'raise the open-file limit (ulimit -n)',
    exit: ExitCode.logUnavailable,
  },
  ENFILE: {
    what: 'too many open files in the system',
    fix: 'close other programs and retry',
    exit: ExitCode.logUnavailable,
  },
};

/** The errno entry of a Node.js file-system error, if `error` is one. */
function fsErrorOf(error: unknown): (typeof byErrno)[string] | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && Object.hasOwn(byErrno, code) ? byErrno[code] : undefined;
}

/** `cannot write /tmp/events.jsonl: no space left on device (ENOSPC); free some space …`. */
function fsErrorMessage(error: NodeJS.ErrnoException): string {
  const entry = byErrno[error.code!]!;
  const op = error.syscall ? ` (${error.syscall})` : '';
  const path = error.path ? ` ${error.path}` : ' the log';
  return `cannot use${path}: ${entry.what} (${error.code}${op}); ${entry.fix}`;
}

/**
 * Whether `error` is commander's. Commander is loaded only when a command line needs it
 * (parseArgv.ts), so it is required here only for an error that carries one of its `commander.*`
 * codes, which it then has already loaded (the same module as the ESM import's).
 */
function isCommanderError(error: unknown): error is CommanderError {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (!(error instanceof Error) || typeof code !== 'string' || !code.startsWith('commander.')) return false;
  const commander = createRequire(import.meta.url)('commander') as typeof import('commander');
  return error instanceof commander.CommanderError;
}

/** The exit code for an error a command threw (or commander raised while parsing argv). */
export function exitCodeForError(error: unknown): ExitCode {
  if (isPodstateError(error)) return byErrorCode[error.code] ?? ExitCode.internal;
  if (isCommanderError(error)) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  const fs = fsErrorOf(error);
  if (fs !== undefined) return fs.exit;
  return ExitCode.internal;
}

/** Writes `podstate: <message>` on stderr, one prefix per line of a multi-line message. */
export function printError(stderr: OutputStream, message: string): void {
  // Connection strings may appear in any error (a driver's included): their passwords never do.
  const lines = redactConnectionString(message).replace(/\n+$/, '').split('\n');
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
  if (isCommanderError(error)) return code;
  if (code !== ExitCode.internal) {
    const fs = isPodstateError(error) ? undefined : fsErrorOf(error);
    printError(io.stderr, fs ? fsErrorMessage(error as NodeJS.ErrnoException) : (error as Error).message);
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  printError(io.stderr, `unexpected error: ${message}`);
  printError(io.stderr, 'this is a podstate bug; please report it with the command you ran');
  if (io.env.PODSTATE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else printError(io.stderr, 'set PODSTATE_DEBUG=1 to print the stack trace');
  return code;
}
