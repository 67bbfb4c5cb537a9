import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventJson, holdWriterLock, makeTempDir, podstate } from './helpers.js';

/** A temp dir with a three-event events.jsonl, and its lines (line 1, `lines[0]`, is the head marker). */
function logOfThree(): { cwd: string; file: string; lines: string[] } {
  const cwd = makeTempDir();
  const events = [0, 1, 2].map((s) => eventJson(`node/n${s}`, 'node.registered', s, { node: `n${s}` }));
  const r = podstate(['append', ...events], { cwd });
  expect(r.code).toBe(0);
  const file = join(cwd, 'events.jsonl');
  return { cwd, file, lines: readFileSync(file, 'utf8').trimEnd().split('\n') };
}

/** Flips one character inside record 2 (line 3), leaving valid records after it: corruption, not a torn tail. */
function damageRecord2(file: string, lines: string[]): number {
  const offset = Buffer.byteLength(`${lines[0]}\n${lines[1]}\n`);
  writeFileSync(file, `${lines[0]}\n${lines[1]}\n${lines[2]!.replace('"n1"', '"m1"')}\n${lines[3]}\n`);
  return offset;
}

describe('podstate verify / repair (e2e)', () => {
  it('a damaged log → verify exits 3 naming the line and byte offset and how to repair', () => {
    const { cwd, file, lines } = logOfThree();
    const offset = damageRecord2(file, lines);
    const r = podstate(['verify'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`podstate: events.jsonl line 3 (byte offset ${offset}): CRC mismatch`);
    expect(r.stderr).toContain('podstate: events.jsonl is damaged. podstate repair --log events.jsonl keeps');
  });

  it('a damaged log → append refuses with exit 3 and changes nothing', () => {
    const { cwd, file, lines } = logOfThree();
    damageRecord2(file, lines);
    const before = readFileSync(file);
    const r = podstate(['append', eventJson('node/x', 'node.registered', 9, { node: 'x' })], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/line 3/);
    expect(readFileSync(file)).toEqual(before);
  });

  it('verify -o json prints the report for scripts; exit still 3 when damaged', () => {
    const { cwd, file, lines } = logOfThree();
    expect(JSON.parse(podstate(['verify', '-o', 'json'], { cwd }).stdout)).toMatchObject({
      ok: true,
      records: 3,
      head: 3,
    });
    damageRecord2(file, lines);
    const r = podstate(['verify', '-o', 'json'], { cwd });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: false, file: 'events.jsonl' });
    expect(report.problems[0]).toMatchObject({ line: 3, kind: 'crc' });
  });

  it('repair keeps the valid prefix, moves the rest aside, and the log verifies and appends again', () => {
    const { cwd, file, lines } = logOfThree();
    damageRecord2(file, lines);
    const r = podstate(['repair'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^events\.jsonl: kept 1 records .* copied to events\.jsonl\.damaged-2/);
    const [head, ...kept] = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(kept).toEqual([lines[1]]);
    expect(JSON.parse(head!)).toMatchObject({ podstate: 'head', seq: 1 }); // the marker names the kept head
    expect(readFileSync(`${file}.damaged-2`, 'utf8')).toContain('"m1"');
    expect(podstate(['verify'], { cwd }).code).toBe(0);
    expect(
      podstate(['append', eventJson('node/x', 'node.registered', 9, { node: 'x' })], { cwd }).stdout,
    ).toMatch(/^appended seq=2 /);
  });

  it('a torn tail is cut on the next append with a warning on stderr', () => {
    const { cwd, file } = logOfThree();
    appendFileSync(file, '{"v":1,"seq":4,"str');
    const r = podstate(['append', eventJson('node/x', 'node.registered', 9, { node: 'x' })], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^appended seq=4 /);
    expect(r.stderr).toMatch(/^podstate: warning: .*\b\d+ bytes?\b/);
  });

  it.each([['verify'], ['repair']])('%s without a log → exit 2 saying which log is missing', (command) => {
    const r = podstate([command, '--log', 'nope.jsonl'], { cwd: makeTempDir() });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(
      `podstate: no event log at nope.jsonl: pass --log <file> to choose the log to ${command}`,
    );
  });
});

describe('podstate unlock (e2e)', () => {
  it('removes a lock whose holder no longer runs; refuses (exit 3) while the holder runs', async () => {
    const { cwd, file } = logOfThree();
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const { readlinkSync } = await import('node:fs');
    const holder = {
      token: 'gone',
      pid: dead,
      boot,
      start: 7,
      pidns: readlinkSync('/proc/self/ns/pid'),
      host: 'h',
    };
    writeFileSync(`${file}.lock`, `${JSON.stringify(holder)}\n`);
    const r = podstate(['unlock'], { cwd });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      `events.jsonl: removed the lock (pid ${dead}, no longer running). The next writer recovers the log as after a crash.\n`,
    );
    const writer = await holdWriterLock(file);
    try {
      const refused = podstate(['unlock'], { cwd });
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`events.jsonl is locked by pid ${writer.pid}`);
    } finally {
      await writer.stop();
    }
    // Killed by SIGTERM, the holder left its lock behind: now it can go.
    expect(podstate(['unlock'], { cwd }).stdout).toContain('removed the lock');
    expect(podstate(['unlock'], { cwd }).stdout).toBe('events.jsonl is not locked; nothing to do.\n');
  });
});
