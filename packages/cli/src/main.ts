import { runCli } from './cli.js';
import { processIO } from './io.js';

/**
 * The `podstate` binary's entry point: runs the command and exits with its code. The only place
 * in podstate that calls process.exit.
 */
export async function main(argv: readonly string[]): Promise<void> {
  // A reader that went away (`podstate verify -o json | head -1`) is not an error of ours.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const code = await runCli(
    argv,
    processIO((c) => process.exit(c)),
  );
  // Flush what is still queued on the streams before exiting, so piped output is never cut short.
  await new Promise<void>((done) => process.stdout.write('', () => done()));
  await new Promise<void>((done) => process.stderr.write('', () => done()));
  process.exit(code);
}
