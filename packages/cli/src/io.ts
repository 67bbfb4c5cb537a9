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
}

/** The real process's streams, environment and working directory. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
