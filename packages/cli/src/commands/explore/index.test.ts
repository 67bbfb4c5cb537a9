import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { createMemoryIO } from '../../memoryIO.js';

describe('podstate explore (in-process)', () => {
  it('draws a progress bar on stderr only when stderr is a TTY; stdout is the same either way', async () => {
    const tty = createMemoryIO({ tty: true });
    const pipe = createMemoryIO({ tty: false });
    expect(await runCli(['explore', '--runs', '30'], tty)).toBe(0);
    expect(await runCli(['explore', '--runs', '30'], pipe)).toBe(0);
    expect(tty.err()).toContain('explore [');
    expect(pipe.err()).toBe('');
    const untimed = (s: string) => s.replace(/^in .*\n/m, '');
    expect(untimed(tty.out())).toBe(untimed(pipe.out()));
  });

  it('--help shows the options and an example', async () => {
    const io = createMemoryIO();
    await runCli(['explore', '--help'], io);
    for (const flag of ['--runs <n>', '--seed <s>', '--max-events <m>', '--out <dir>', '--canary <kind:n>'])
      expect(io.out()).toContain(flag);
    expect(io.out()).toContain('$ podstate explore --canary restarts:3 --out /tmp');
  });
});
