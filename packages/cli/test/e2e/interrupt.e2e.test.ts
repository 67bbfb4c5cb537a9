import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

// The mechanism `watch` relies on, exercised in a real process with a real SIGINT.
function startWaiter(): Promise<{ child: ReturnType<typeof spawn>; output: () => string }> {
  const io = join(repoRoot, 'packages/cli/dist/io.js');
  const script = `const { processIO } = await import(${JSON.stringify(io)});
const signal = processIO((code) => process.exit(code)).interruptSignal();
signal.addEventListener('abort', () => { process.stdout.write('stopping on ' + signal.reason + '\\n'); });
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve({ child, output: () => out });
    });
  });
}

describe('processIO().interruptSignal (e2e)', () => {
  it('the first Ctrl-C aborts the signal instead of killing; a second exits 130', async () => {
    const { child, output } = await startWaiter();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (output().includes('stopping')) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    expect(output()).toBe('ready\nstopping on SIGINT\n');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  });
});
