// The binary's early guess of a split replay (prespawn.ts): it starts the worker before the CLI
// loads only when the command will split its replay as replayThreads decides (issue 14 item 3).
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTO_WORKERS_BYTES, earlySplit } from './prespawn.js';
import { replayThreads } from './replayThreads.js';

const dir = mkdtempSync(join(tmpdir(), 'podstate-prespawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, size);
  return path;
}

const idle2 = () => ({ cores: 2, load: 0.2 });
const busy2 = () => ({ cores: 2, load: 3 });

describe('earlySplit: the binary starts the replay worker before loading the CLI', () => {
  const big = fileOf('big.jsonl', AUTO_WORKERS_BYTES);
  const small = fileOf('small.jsonl', AUTO_WORKERS_BYTES - 1);
  const ck = fileOf('ck.jsonl', AUTO_WORKERS_BYTES);
  writeFileSync(`${ck}.checkpoint-5`, 'x');

  it('guesses what replayThreads decides, from the raw arguments', () => {
    // [arguments, --workers as the CLI parses it, env, machine]
    const cases: [string[], number | undefined, Record<string, string>, typeof idle2][] = [
      [['get', 'pods', '--log', big], undefined, {}, idle2],
      [['get', 'pods', `--log=${big}`], undefined, {}, busy2],
      [['get', 'pods', '--log', small], undefined, {}, idle2],
      [['get', 'pods', '--log', small, '--workers', '2'], 2, {}, busy2],
      [['get', 'pods', '--log', small, '--workers=3'], 3, {}, busy2],
      [['get', 'pods', '--log', big, '--workers', '1'], 1, { PODSTATE_WORKERS: '2' }, idle2],
      [['get', 'pods', '--log', small], undefined, { PODSTATE_WORKERS: '2' }, busy2],
      [['get', 'pods', '--log', big], undefined, { PODSTATE_WORKERS: '1' }, idle2],
      [['get', 'pods', '--log', ck, '--workers', '2'], 2, {}, idle2],
      [['get', 'pods', '--log', ck], undefined, {}, idle2],
    ];
    for (const [argv, workers, env, machine] of cases) {
      const log = argv.find((a) => a.startsWith('--log='))?.slice(6) ?? argv[argv.indexOf('--log') + 1]!;
      const split = replayThreads(workers, env, log, machine) > 1;
      expect([argv, env, earlySplit(argv, env, dir, machine)]).toEqual([argv, env, split]);
    }
  });

  it('starts none for a command that does not split: not get, --at, --watch, a PostgreSQL store, a bad --workers', () => {
    expect(earlySplit(['status', '--log', big], {}, dir, idle2)).toBe(false);
    expect(earlySplit(['get', 'pods', '--log', big, '--at', '3'], {}, dir, idle2)).toBe(false);
    expect(earlySplit(['get', 'pods', '--log', big, '-w'], {}, dir, idle2)).toBe(false);
    expect(earlySplit(['get', 'pods', '--log', big, '-Aw'], {}, dir, idle2)).toBe(false);
    expect(earlySplit(['get', 'pods', '--store', 'postgres://x/y', '--workers', '2'], {}, dir, idle2)).toBe(
      false,
    );
    expect(
      earlySplit(['get', 'pods', '--workers', '2'], { PODSTATE_STORE: 'postgres://x/y' }, dir, idle2),
    ).toBe(false);
    expect(earlySplit(['get', 'pods', '--log', big, '--workers', 'two'], {}, dir, idle2)).toBe(false);
    // The default log, events.jsonl in the working directory.
    expect(earlySplit(['get', 'pods', '--workers', '2'], {}, dir, idle2)).toBe(true);
  });
});
