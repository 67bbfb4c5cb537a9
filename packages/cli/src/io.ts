/** Where a command's bytes go: the process's streams in the binary, buffers in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True only when the stream is an interactive terminal (colour and progress bars depend on it). */
  isTTY?: boolean;
}

/** Everything a command may touch of its process, injected so argv table tests run in-process. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths (and the default `events.jsonl`) resolve against. */
  cwd: string;
  /**
   * For long-running commands (watch): from the first call on, Ctrl-C / SIGTERM abort the returned
   * signal instead of killing the process, so the command can stop cleanly. Commands that never
   * call it keep the default Ctrl-C behaviour.
   */
  interruptSignal(): AbortSignal;
}

/**
 * The real process's streams, environment and working directory. `exit` is index.ts's, the only
 * process.exit: a second Ctrl-C after the command was asked to stop exits at once with 130.
 */
export function processIO(exit: (code: number) => never): CliIO {
  let controller: AbortController | undefined;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interruptSignal() {
      if (controller === undefined) {
        const c = new AbortController();
        controller = c;
        const stop = (signal: NodeJS.Signals) => {
          if (c.signal.aborted) exit(130);
          c.abort(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }
      return controller.signal;
    },
  };
}
