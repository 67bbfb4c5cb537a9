import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventJson, holdWriterLock, makeTempDir, podstate } from './helpers.js';

const node = eventJson('node/node-1', 'node.registered', 0, { node: 'node-1', labels: {} });
const created = eventJson('pod/u1', 'pod.created', 1, {
  manifest: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
  },
});
const scheduled = eventJson('pod/u1', 'pod.scheduled', 2, { node: 'node-1' });
const appendedLine = /^appended seq=(\d+) stream=(\S+) rev=(\d+) id=([0-9a-f-]{36})$/;

describe('podstate append (e2e)', () => {
  it('appends each argument, prints one line per durable event, and verify finds the log clean', () => {
    const cwd = makeTempDir();
    const r = podstate(['append', node, `[${created},${scheduled}]`], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.match(appendedLine)?.slice(1, 4))).toEqual([
      ['1', 'node/node-1', '1'],
      ['2', 'pod/u1', '1'],
      ['3', 'pod/u1', '2'],
    ]);
    const [head, ...records] = readFileSync(join(cwd, 'events.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Line 1: the head marker naming the last acknowledged record.
    expect(head).toMatchObject({ podstate: 'head', format: 2, seq: 3 });
    expect(records.map((e) => [e.seq, e.type, e.id])).toEqual(
      lines.map((l, i) => [
        i + 1,
        ['node.registered', 'pod.created', 'pod.scheduled'][i],
        l.match(appendedLine)![4],
      ]),
    );
    expect(podstate(['verify'], { cwd })).toEqual({
      code: 0,
      stdout:
        'events.jsonl: ok, 3 records, head seq 3; replays cleanly; invariants I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11, I13, I14, I16, I17 hold\n',
      stderr: '',
    });
  });

  it('reads -f <file> line by line and -f - from stdin, into the log given by --log', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 'input.jsonl'), `${node}\n\n${created}\n`);
    const fromFile = podstate(['append', '--log', 'other.jsonl', '-f', 'input.jsonl'], { cwd });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout.trimEnd().split('\n')).toHaveLength(2);
    const fromStdin = podstate(['append', '--log', 'other.jsonl', '-f', '-'], {
      cwd,
      input: `${scheduled}\n`,
    });
    expect(fromStdin.stdout).toMatch(/^appended seq=3 stream=pod\/u1 rev=2 id=/);
    expect(existsSync(join(cwd, 'events.jsonl'))).toBe(false);
  });

  it('bad JSON anywhere → exit 2 naming the argument, and nothing is appended', () => {
    const cwd = makeTempDir();
    podstate(['append', node], { cwd });
    const before = readFileSync(join(cwd, 'events.jsonl'));
    const r = podstate(['append', created, '{"stream": "pod/u1",'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^podstate: argument 2: not valid JSON \(/);
    expect(r.stderr).toContain('podstate: Nothing was appended.\n');
    expect(readFileSync(join(cwd, 'events.jsonl'))).toEqual(before);
  });

  it('a time Kubernetes would refuse (31 February: Go parseRFC3339 checks the day against the month, Date.parse rolls it over) → exit 2 naming the line, the field and why; the log is unchanged', () => {
    const cwd = makeTempDir();
    podstate(['append', node], { cwd });
    const before = readFileSync(join(cwd, 'events.jsonl'));
    writeFileSync(
      join(cwd, 'input.jsonl'),
      `${created}\n${JSON.stringify({ stream: 'pod/u1', type: 'pod.scheduled', time: '2026-02-31T00:00:00Z', data: { node: 'node-1' } })}\n`,
    );
    const r = podstate(['append', '-f', 'input.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'podstate: input.jsonl:2: time: "2026-02-31T00:00:00Z" is not an RFC 3339 time such as 2024-05-01T12:00:00.000Z (day 31 is not 01–28 in 2026-02)',
    );
    expect(r.stderr).toContain('podstate: Nothing was appended.\n');
    expect(readFileSync(join(cwd, 'events.jsonl'))).toEqual(before);
  });

  it('a bad field → exit 2 naming the file line, the field and the fix; no log is created', () => {
    const cwd = makeTempDir();
    writeFileSync(
      join(cwd, 'input.jsonl'),
      `${node}\n${JSON.stringify({ strem: 'pod/u1', type: 'pod.created', time: 'noon', data: {} })}\n`,
    );
    const r = podstate(['append', '-f', 'input.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('podstate: input.jsonl:2: strem: unknown field. Did you mean "stream"?');
    expect(r.stderr).toContain('podstate: input.jsonl:2: time: "noon" is not an RFC 3339 time');
    expect(existsSync(join(cwd, 'events.jsonl'))).toBe(false);
  });

  it('-f with a missing file → exit 2 naming the file and the reason', () => {
    const r = podstate(['append', '-f', 'missing.jsonl'], { cwd: makeTempDir() });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'podstate: cannot read missing.jsonl: no such file; check the path\n',
    });
  });

  it('nothing to append → exit 2 saying what to give', () => {
    const r = podstate(['append'], { cwd: makeTempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^podstate: nothing to append: give one or more event JSON arguments, or -f <file>/,
    );
  });

  it('a log locked by another writer → exit 3 "events.jsonl is locked by pid N", nothing appended', async () => {
    const cwd = makeTempDir();
    const writer = await holdWriterLock(join(cwd, 'events.jsonl'));
    try {
      const r = podstate(['append', node], { cwd });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`podstate: events.jsonl is locked by pid ${writer.pid}`);
    } finally {
      await writer.stop();
    }
    // Only the head marker of the empty log the holder created: no record.
    expect(readFileSync(join(cwd, 'events.jsonl'), 'utf8')).toMatch(
      /^\{"podstate":"head","format":2,"seq":0,[^\n]*\n$/,
    );
  });

  it('--store with something other than a PostgreSQL URL → exit 2, password hidden', () => {
    const r = podstate(['append', '--store', 'mysql://u:secret@h/db', node], { cwd: makeTempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('podstate: --store "mysql://u:***@h/db" is not a PostgreSQL URL');
    expect(r.stderr).not.toContain('secret');
  });
});
