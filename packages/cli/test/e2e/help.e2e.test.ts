import { describe, expect, it } from 'vitest';
import { commandTable, loadCommands } from '../../src/cli.js';
import { makeTempDir, podstate } from './helpers.js';

const commands = await loadCommands();

describe('podstate --help and usage errors (e2e)', () => {
  it('podstate --help lists every registered command and the exit codes', () => {
    const r = podstate(['--help'], { cwd: makeTempDir() });
    expect(r.code).toBe(0);
    for (const c of commands)
      expect(r.stdout).toMatch(new RegExp(`^  ${c.name}\\b.*${c.summary.slice(0, 20)}`, 'm'));
    expect(r.stdout).toContain(
      'Exit codes: 0 ok, 1 a check failed, 2 bad input or usage, 3 the log is damaged or locked.',
    );
  });

  it.each(commandTable.map((c) => [c.name]))(
    'podstate %s --help shows usage and a worked example',
    (name) => {
      const r = podstate([name, '--help'], { cwd: makeTempDir() });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^Usage: podstate ${name}\\b`));
      expect(r.stdout).toMatch(new RegExp(`Examples:\\n  # .+\\n  \\$ podstate ${name}\\b`));
    },
  );

  it('an unknown command → exit 2 with a suggestion', () => {
    const r = podstate(['verfy'], { cwd: makeTempDir() });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe("podstate: unknown command 'verfy'\n(Did you mean verify?)\n");
  });

  it('no command → the help on stderr, exit 2', () => {
    const r = podstate([], { cwd: makeTempDir() });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^Usage: podstate \[options\] \[command\]/);
  });

  it('an unknown option → exit 2', () => {
    const r = podstate(['verify', '--lgo', 'x'], { cwd: makeTempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^podstate: unknown option '--lgo'\n\(Did you mean --log\?\)/);
  });
});
