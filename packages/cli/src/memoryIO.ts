import { Readable } from 'node:stream';
import type { CliIO } from './io.js';

/** A CliIO that records stdout and stderr as strings, for in-process command tests. */
export interface MemoryIO extends CliIO {
  readonly out: () => string;
  readonly err: () => string;
  /** Simulates Ctrl-C: aborts the signal handed out by interruptSignal(). */
  readonly interrupt: () => void;
}

/** Builds a MemoryIO; `tty` pretends both streams are terminals, `stdin` is what the command reads. */
export function createMemoryIO(
  options: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean; stdin?: string } = {},
): MemoryIO {
  let out = '';
  let err = '';
  const controller = new AbortController();
  const tty = options.tty ?? false;
  return {
    stdout: { write: (s: string) => (out += s), isTTY: tty },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    stdin: Readable.from([options.stdin ?? '']),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    interruptSignal: () => controller.signal,
    interrupt: () => controller.abort('SIGINT'),
    out: () => out,
    err: () => err,
  };
}
