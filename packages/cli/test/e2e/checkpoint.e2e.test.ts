// Checkpoints through the real binary on real files: a valid one is used (only the tail is
// replayed), `--at` starts from the nearest earlier one, and a stale, foreign, damaged or
// other-version one is ignored with a warning, never trusted: the output is the full replay's.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rewriteCheckpoint } from './checkpointFiles.js';
import { makeTempDir, podstate } from './helpers.js';

const manifest = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
});
/** One event as `podstate append` takes it, with a fixed id (so two logs can share bytes). */
const ev = (id: string, stream: string, type: string, second: number, data: Record<string, unknown>) =>
  JSON.stringify({
    id,
    stream,
    type,
    time: `2024-05-01T12:00:${String(second).padStart(2, '0')}.000Z`,
    data,
  });
const node = ev('e1', 'node/node-1', 'node.registered', 0, { node: 'node-1', labels: {} });
const web = ev('e2', 'pod/u1', 'pod.created', 1, { manifest: manifest('web') });
const webScheduled = ev('e3', 'pod/u1', 'pod.scheduled', 2, { node: 'node-1' });
const api = ev('e4', 'pod/u2', 'pod.created', 3, { manifest: manifest('api') });
const apiScheduled = ev('e5', 'pod/u2', 'pod.scheduled', 4, { node: 'node-1' });

function append(cwd: string, log: string, events: string[], env: Record<string, string> = {}): void {
  const r = podstate(['append', '--log', log, ...events], {
    cwd,
    env: { PODSTATE_CHECKPOINT_EVERY: '0', ...env },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

function checkpoint(cwd: string, log: string): string {
  const r = podstate(['checkpoint', '--log', log], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** `get pods -o wide` on `log` in `cwd`. */
const getPods = (cwd: string, log: string, ...more: string[]) =>
  podstate(['get', 'pods', '-o', 'wide', '--log', log, ...more], { cwd });

/** `podstate <args> --log <log>` on a copy of the log with no checkpoint beside it. */
function onBareCopy(cwd: string, log: string, args: string[]) {
  const bare = join(cwd, 'bare');
  mkdirSync(bare, { recursive: true });
  copyFileSync(join(cwd, log), join(bare, log));
  return podstate([...args, '--log', log], { cwd: bare });
}

/** The same `get pods` on a copy of the log with no checkpoint beside it. */
const withoutCheckpoints = (cwd: string, log: string, ...more: string[]) =>
  onBareCopy(cwd, log, ['get', 'pods', '-o', 'wide', ...more]);

/** A log with node, web, web scheduled, a checkpoint at seq 3, then api created and scheduled. */
function logWithCheckpointAt3(): string {
  const cwd = makeTempDir();
  append(cwd, 'a.jsonl', [node, web, webScheduled]);
  expect(checkpoint(cwd, 'a.jsonl')).toBe(
    `checkpoint of a.jsonl at seq 3: ${join(cwd, 'a.jsonl.checkpoint-3')}\n`,
  );
  append(cwd, 'a.jsonl', [api, apiScheduled]);
  return cwd;
}

/** Renames Pod `from` to `to` in a checkpoint (valid CRCs): output showing `to` came from it. */
function renamePodIn(file: string, from: string, to: string): void {
  rewriteCheckpoint(file, (_, body) => {
    const engine = body.engine as { pods: { ctx: { name: string; pod: { metadata: { name: string } } } }[] };
    for (const p of engine.pods) {
      if (p.ctx.name !== from) continue;
      p.ctx.name = to;
      p.ctx.pod.metadata.name = to;
    }
  });
}

describe('checkpoints (e2e)', () => {
  it('podstate checkpoint writes <log>.checkpoint-<seq>; a later read starts there and shows the same', () => {
    const cwd = logWithCheckpointAt3();
    // It holds Secret data, as the log does: readable by its owner only.
    expect(statSync(join(cwd, 'a.jsonl.checkpoint-3')).mode & 0o777).toBe(0o600);
    const full = withoutCheckpoints(cwd, 'a.jsonl');
    expect(full.code).toBe(0);
    expect(getPods(cwd, 'a.jsonl')).toEqual(full);
    for (const args of [
      ['describe', 'pod', 'web'],
      ['get', 'pods', '-o', 'json'],
      ['status', 'web'],
    ]) {
      const bare = onBareCopy(cwd, 'a.jsonl', args);
      expect(bare.code).toBe(0);
      expect(podstate([...args, '--log', 'a.jsonl'], { cwd })).toEqual(bare);
    }
    // Proof that the read trusted the checkpoint and replayed only the tail: an edit made in the
    // checkpoint (valid CRCs) shows; the tail's Pod (api) is replayed from the log.
    renamePodIn(join(cwd, 'a.jsonl.checkpoint-3'), 'web', 'web-from-checkpoint');
    const r = getPods(cwd, 'a.jsonl');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^web-from-checkpoint /m);
    expect(r.stdout).toMatch(/^api /m);
    // A point before the checkpoint replays from the start.
    expect(getPods(cwd, 'a.jsonl', '--at', '2').stdout).toMatch(/^web /m);
  });

  it('--at starts from the nearest checkpoint at or before the point', () => {
    const cwd = logWithCheckpointAt3();
    expect(checkpoint(cwd, 'a.jsonl')).toMatch(/at seq 5/);
    renamePodIn(join(cwd, 'a.jsonl.checkpoint-3'), 'web', 'web-3');
    renamePodIn(join(cwd, 'a.jsonl.checkpoint-5'), 'web', 'web-5');
    expect(getPods(cwd, 'a.jsonl', '--at', '2').stdout).toMatch(/^web /m);
    expect(getPods(cwd, 'a.jsonl', '--at', '3').stdout).toMatch(/^web-3 /m);
    expect(getPods(cwd, 'a.jsonl', '--at', '4').stdout).toMatch(/^web-3 /m);
    expect(getPods(cwd, 'a.jsonl', '--at', '5').stdout).toMatch(/^web-5 /m);
    expect(getPods(cwd, 'a.jsonl', '--at', '2024-05-01T12:00:03Z').stdout).toMatch(/^web-3 /m);
    expect(getPods(cwd, 'a.jsonl').stdout).toMatch(/^web-5 /m);
  });

  /** Puts `a.jsonl`'s checkpoint at seq 3 beside `log` (as that log's), and checks it is not trusted. */
  function expectIgnored(cwd: string, log: string, reason: RegExp, edit?: (file: string) => void): void {
    const file = join(cwd, `${log}.checkpoint-3`);
    if (!existsSync(file)) copyFileSync(join(cwd, 'a.jsonl.checkpoint-3'), file);
    // The edit a trusted checkpoint would show: it must not show.
    renamePodIn(file, 'web', 'web-from-checkpoint');
    edit?.(file);
    const r = getPods(cwd, log);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(withoutCheckpoints(cwd, log).stdout);
    expect(r.stdout).not.toMatch(/web-from-checkpoint/);
    expect(r.stderr).toMatch(
      new RegExp(
        `^podstate: warning: checkpoint ${log}\\.checkpoint-3 ${reason.source}.*; ignored \\(never trusted\\)`,
      ),
    );
  }

  it('a stale checkpoint (the log rewritten after its first record) is ignored with a warning', () => {
    const cwd = logWithCheckpointAt3();
    // The same first two records (same ids and bytes), then another third one.
    append(cwd, 'b.jsonl', [node, web, ev('x3', 'pod/u1', 'pod.scheduled', 2, { node: 'node-1' }), api]);
    expectIgnored(cwd, 'b.jsonl', /is stale: the log's bytes up to seq 3 are not the ones it summarises/);
  });

  it('a stale checkpoint (the log cut before its seq) is ignored with a warning', () => {
    const cwd = logWithCheckpointAt3();
    append(cwd, 'c.jsonl', [node, web]);
    expectIgnored(
      cwd,
      'c.jsonl',
      /is stale: it summarises seq 3 ending at byte \d+, but the log ends at byte \d+/,
    );
  });

  it('a foreign checkpoint (of another log) is ignored with a warning', () => {
    const cwd = logWithCheckpointAt3();
    append(cwd, 'd.jsonl', [
      ev('other-1', 'node/node-1', 'node.registered', 0, { node: 'node-1', labels: {} }),
      web,
      webScheduled,
      api,
    ]);
    expectIgnored(cwd, 'd.jsonl', /is foreign: its first record is not this log’s/);
  });

  it('a checkpoint whose body is damaged is ignored with a warning', () => {
    const cwd = logWithCheckpointAt3();
    const flip = (at: (text: string) => number) => (file: string) => {
      const bytes = readFileSync(file);
      const i = at(bytes.toString('latin1'));
      bytes[i] = bytes[i] === 0x31 ? 0x32 : 0x31;
      writeFileSync(file, bytes);
    };
    expectIgnored(
      cwd,
      'a.jsonl',
      /is damaged \(its body does not match its CRC\)/,
      flip((t) => t.indexOf('"registeredNodes":') + 18),
    );
  });

  it('a checkpoint whose header is damaged is ignored with a warning', () => {
    const cwd = logWithCheckpointAt3();
    expectIgnored(cwd, 'a.jsonl', /is damaged \(its header does not match its CRC\)/, (file) => {
      const bytes = readFileSync(file);
      const i = bytes.indexOf('"seq":3') + 6;
      bytes[i] = 0x34; // "seq":4
      writeFileSync(file, bytes);
    });
  });

  it('a checkpoint written by another version of podstate is ignored with a warning', () => {
    const cwd = logWithCheckpointAt3();
    expectIgnored(
      cwd,
      'a.jsonl',
      /was written by podstate 0\.0\.1 \(core 0\.0\.1\) \(schema [^)]+\); this is podstate /,
      (file) =>
        rewriteCheckpoint(file, (header) => {
          header.writer = 'podstate 0.0.1 (core 0.0.1)';
        }),
    );
  });

  it('a checkpoint of the engine state before Deletion.killDeadline (schema engine 4) is ignored with a warning, never read', () => {
    const cwd = logWithCheckpointAt3();
    expectIgnored(
      cwd,
      'a.jsonl',
      /was written by .*\(schema views-2: engine 4, [^)]+\); this is podstate .*\(schema views-2: engine 5, /,
      (file) =>
        rewriteCheckpoint(file, (header) => {
          header.schema =
            'views-2: engine 4, status 1 of live Pods, timeline 1 as JSON text, config events 1';
        }),
    );
  });

  /** Rewrites record `seq` of `log` with `edit` applied to its text and its CRC made valid again (same length). */
  function resealRecord(file: string, seq: number, edit: (line: string) => string): void {
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines[seq]!;
    const open = edit(line.slice(0, line.lastIndexOf(',"crc":"')));
    expect(open.length).toBe(line.lastIndexOf(',"crc":"'));
    lines[seq] = `${open},"crc":"${crc32(Buffer.from(open)).toString(16).padStart(8, '0')}"}`;
    writeFileSync(file, lines.join('\n'));
  }

  it("a byte flipped in the log's prefix after a writer left its prefix witness: the checkpoint is ignored, the damage reported (exit 3)", () => {
    const cwd = logWithCheckpointAt3();
    expect(existsSync(join(cwd, 'a.jsonl.prefix-crc'))).toBe(true);
    renamePodIn(join(cwd, 'a.jsonl.checkpoint-3'), 'web', 'web-from-checkpoint');
    const file = join(cwd, 'a.jsonl');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('"name":"web"') + 9;
    bytes[at] = 'x'.charCodeAt(0); // "wxb": record 2's CRC no longer matches
    writeFileSync(file, bytes);
    const r = getPods(cwd, 'a.jsonl');
    expect(r.stderr).toMatch(
      /^podstate: warning: checkpoint a\.jsonl\.checkpoint-3 is stale: the log's bytes up to seq 3 are not the ones it summarises/,
    );
    expect(r.stdout).not.toMatch(/web-from-checkpoint/);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/line 3 \(byte offset \d+\)/);
  });

  it("an edit of the log's prefix that keeps every CRC valid, mtime put back: the checkpoint is ignored, the output is the edited log's", () => {
    const cwd = logWithCheckpointAt3();
    renamePodIn(join(cwd, 'a.jsonl.checkpoint-3'), 'web', 'web-from-checkpoint');
    const file = join(cwd, 'a.jsonl');
    const { atime, mtime } = statSync(file);
    resealRecord(file, 2, (l) => l.replace('"name":"web"', '"name":"wex"'));
    utimesSync(file, atime, mtime);
    const r = getPods(cwd, 'a.jsonl');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^podstate: warning: checkpoint a\.jsonl\.checkpoint-3 is stale: /);
    expect(r.stdout).toMatch(/^wex /m);
    expect(r.stdout).toBe(withoutCheckpoints(cwd, 'a.jsonl').stdout);
  });

  it('writing commands leave a checkpoint once PODSTATE_CHECKPOINT_EVERY events follow the newest', () => {
    const cwd = makeTempDir();
    append(cwd, 'w.jsonl', [node, web], { PODSTATE_CHECKPOINT_EVERY: '3' });
    expect(existsSync(join(cwd, 'w.jsonl.checkpoint-2'))).toBe(false);
    append(cwd, 'w.jsonl', [webScheduled], { PODSTATE_CHECKPOINT_EVERY: '3' });
    expect(existsSync(join(cwd, 'w.jsonl.checkpoint-3'))).toBe(true);
    append(cwd, 'w.jsonl', [api, apiScheduled], { PODSTATE_CHECKPOINT_EVERY: '3' });
    expect(readdirSync(cwd).filter((f) => f.includes('.checkpoint-'))).toEqual(['w.jsonl.checkpoint-3']);
    expect(getPods(cwd, 'w.jsonl')).toEqual(withoutCheckpoints(cwd, 'w.jsonl'));
  });
});
