import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import type { OutputStream } from '../io.js';

/** A progress display for long work; every method is a no-op when stderr is not a terminal. */
export interface Progress {
  /** Advance by `n` (default 1). */
  increment(n?: number): void;
  /** Set the absolute position. */
  update(value: number): void;
  /** Change the total once it becomes known. */
  setTotal(total: number): void;
  /** Remove the bar; call it before printing results. */
  stop(): void;
}

const silent: Progress = { increment() {}, update() {}, setTotal() {}, stop() {} };

/**
 * A progress bar on stderr, shown only when stderr is a TTY so pipes, files and CI logs never
 * receive control characters; stdout is never touched.
 * @example const bar = createProgress(ctx.io.stderr, { total: 1000, label: 'replay' });
 */
export function createProgress(stderr: OutputStream, options: { total: number; label: string }): Progress {
  if (stderr.isTTY !== true) return silent;
  // Loaded only when a bar is shown (a terminal and a big replay).
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as unknown as NodeJS.WritableStream,
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0);
  let stopped = false;
  return {
    increment: (n = 1) => bar.increment(n),
    update: (value) => bar.update(value),
    setTotal: (total) => bar.setTotal(total),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
