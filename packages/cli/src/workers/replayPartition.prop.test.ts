// A replay split by Pod equals the one-thread replay (issue 14 item 3): for generated lifecycles
// written as real JSONL files, every partition count and every placement of the Pods (the hash
// salt), the merged views are the views one thread builds. And the checker catches a name reused
// across partitions, time going back across Pods, and a line whose JSON says another stream than its bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type EventInput, engineStateJSON } from '@podstate/core';
import { crc32, crcHex, podPartition } from '@podstate/core/internal';
import { builtInManifests, canonicalJSON, ev, lifecycleArbitrary } from '@podstate/core/testing';
import { createFeedBuffers } from '@podstate/core/workers';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTestLog } from '../../test/e2e/writeTestLog.js';
import type { LoadedViews } from '../engine/loadAt.js';
import { loadJsonlAt } from '../engine/loadAt.js';
import { mergePartitions } from './mergePartitions.js';
import { type PartitionResult, replayPartition } from './replayPartition.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 60);
const dir = mkdtempSync(join(tmpdir(), 'podstate-workers-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a view command shows, and the engine's maps in order, as one string. */
function viewsJSON(v: LoadedViews): string {
  const now = v.now ?? 0;
  return canonicalJSON({
    engine: JSON.parse(engineStateJSON(v.engine)),
    names: [...v.engine.names],
    pods: [...v.engine.pods.keys()].map((uid) => v.status.get(v.engine, uid, now)),
    status: v.status.snapshot(),
    configEvents: v.configEvents,
    now: v.now,
    lastSeq: v.lastSeq,
  });
}

/** The events of a lifecycle the engine accepts (the generator adds a few illegal ones). */
function accepted(events: readonly EventInput[], profile: 'current' | 'legacy'): EventInput[] {
  const engine = createEngine({ profile });
  return events.filter((e) => engine.apply(e).ok);
}

let n = 0;
function logOf(events: readonly EventInput[], profile = 'current'): string {
  const path = join(dir, `log-${++n}.jsonl`);
  writeTestLog(path, events, profile);
  return path;
}

const oneThread = (path: string, namespace?: string) =>
  loadJsonlAt(path, undefined, undefined, {
    timeline: false,
    checkpoints: false,
    ...(namespace !== undefined ? { namespace } : {}),
  });

/** What `get pods` in `namespace` (no -A) shows, with the engine's maps in order, as one string. */
function namespaceViewsJSON(v: LoadedViews, namespace: string): string {
  const now = v.now ?? 0;
  return canonicalJSON({
    engine: JSON.parse(engineStateJSON(v.engine)),
    names: [...v.engine.names],
    pods: [...v.engine.pods]
      .filter(([, p]) => p.ctx.namespace === namespace)
      .map(([uid]) => v.status.get(v.engine, uid, now)),
    configEvents: v.configEvents,
    now: v.now,
    lastSeq: v.lastSeq,
  });
}

/**
 * Every partition in this thread, as the binary runs them: partition 0 reads the file and hands
 * the others their lines through shared-memory feeds (rings big enough that it never waits for a
 * reader), then each other partition replays its feed; all but partition 0 through structured
 * clone, as from a worker.
 */
function split(
  path: string,
  count: number,
  salt: number,
  weights?: number[],
  namespace?: string,
): LoadedViews | string {
  const spec = (index: number) => ({ index, count, salt, ...(weights ? { weights } : {}) });
  const feeds = Array.from({ length: count }, (_, i) =>
    i === 0 ? undefined : createFeedBuffers(4, 1 << 21),
  );
  const ns = namespace !== undefined ? { namespace } : {};
  const results: PartitionResult[] = [replayPartition(path, spec(0), { feeds, ...ns })];
  for (let index = 1; index < count; index++)
    results.push(structuredClone(replayPartition(path, spec(index), { feed: feeds[index]!, ...ns })));
  return mergePartitions(results, namespace);
}

/** `events` with the Pods whose `pod.created` is picked by `moved` (by their order) created in namespace `other`. */
function someInOther(events: readonly EventInput[], moved: readonly boolean[]): EventInput[] {
  let k = 0;
  return events.map((e) => {
    if (e.type !== 'pod.created' || !moved[k++ % moved.length]) return e;
    const manifest = (e.data as { manifest: { metadata?: Record<string, unknown> } }).manifest;
    return {
      ...e,
      data: { ...e.data, manifest: { ...manifest, metadata: { ...manifest.metadata, namespace: 'other' } } },
    };
  });
}

describe(`a replay split by Pod equals one thread (seed ${seed}, PODSTATE_SEED to change)`, () => {
  it('for generated lifecycles, any number of partitions, any shares and any placement of the Pods', () => {
    fc.assert(
      fc.property(
        lifecycleArbitrary({ maxSteps: 80, maxPods: 6 }),
        fc
          .integer({ min: 2, max: 4 })
          .chain((count) =>
            fc.tuple(
              fc.constant(count),
              fc.option(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: count, maxLength: count })),
            ),
          ),
        fc.nat(),
        (lc, [count, weights], salt) => {
          const path = logOf(accepted(lc.events, lc.profile), lc.profile);
          const merged = split(path, count, salt, weights ?? undefined);
          // The fast path vouched for the result (a fallback would make the property vacuous).
          expect(typeof merged === 'string' ? merged : 'merged').toBe('merged');
          expect(viewsJSON(merged as LoadedViews)).toBe(viewsJSON(oneThread(path)));
        },
      ),
      { seed, numRuns, verbose: 1 },
    );
  });

  it('folding one namespace alone (get pods without -A), it shows that namespace as one thread does, and refuses to answer for another', () => {
    fc.assert(
      fc.property(
        lifecycleArbitrary({ maxSteps: 80, maxPods: 6 }),
        fc.integer({ min: 2, max: 4 }),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('default', 'other'),
        (lc, count, salt, moved, namespace) => {
          const events = accepted(someInOther(lc.events, moved), lc.profile);
          const path = logOf(events, lc.profile);
          const merged = split(path, count, salt, undefined, namespace);
          expect(typeof merged === 'string' ? merged : 'merged').toBe('merged');
          const views = merged as LoadedViews;
          expect(namespaceViewsJSON(views, namespace)).toBe(
            namespaceViewsJSON(oneThread(path, namespace), namespace),
          );
          for (const [uid, p] of views.engine.pods)
            if (p.ctx.namespace !== namespace)
              expect(() => views.status.get(views.engine, uid, 0)).toThrow(/podstate bug/);
        },
      ),
      { seed, numRuns, verbose: 1 },
    );
  });

  // Two Pods on node-1 in different partitions: the first pulls nginx:1.25, which the second
  // (IfNotPresent) then finds in the node's cache (kubelet EnsureImageExists: no pull) — a fact
  // partition 1 knows only from partition 0's shadowed pull.
  const a = { ...builtInManifests.plain, metadata: { name: 'a', namespace: 'default' } };
  const b = { ...builtInManifests.plain, metadata: { name: 'b', namespace: 'default' } };
  const salt = [...Array(64).keys()].find(
    (s) => podPartition('ua', { count: 2, salt: s }) === 0 && podPartition('ub', { count: 2, salt: s }) === 1,
  )!;
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const step = (
    s: { stream?: string; type: string; data: Record<string, unknown> },
    uid: string,
    i: number,
  ) => ({
    stream: s.stream ?? `pod/${uid}`,
    type: s.type,
    data: s.data,
    time: at(i),
  });
  const imageShared: EventInput[] = [
    step(ev.nodeRegistered('node-1'), '', 0),
    step(ev.podCreated(a, 'ua'), 'ua', 1),
    step(ev.scheduled('node-1'), 'ua', 2),
    step(ev.sandboxReady('10.244.0.5'), 'ua', 3),
    step(ev.pulled('app'), 'ua', 4),
    step(ev.podCreated(b, 'ub'), 'ub', 5),
    step(ev.scheduled('node-1'), 'ub', 6),
    step(ev.sandboxReady('10.244.0.6'), 'ub', 7),
    step(ev.created('app'), 'ub', 8),
    step(ev.started('app'), 'ub', 9),
  ];

  it('a Pod sees an image another partition pulled on its node (the shadowed pull)', () => {
    expect(accepted(imageShared, 'current')).toHaveLength(imageShared.length);
    const path = logOf(imageShared);
    const merged = split(path, 2, salt);
    expect(typeof merged).not.toBe('string');
    expect(viewsJSON(merged as LoadedViews)).toBe(viewsJSON(oneThread(path)));
  });

  it('a name created in one partition while another partition holds it is not vouched for (one thread refuses it)', () => {
    const events = imageShared
      .slice(0, 6)
      .map((e) =>
        e.stream === 'pod/ub'
          ? { ...e, data: { manifest: { ...b, metadata: { name: 'a', namespace: 'default' } } } }
          : e,
      );
    const path = logOf(events);
    expect(() => oneThread(path)).toThrow(/Pod default\/a already exists/);
    expect(split(path, 2, salt)).toMatch(/Pod default\/a already exists in another partition/);
  });

  it("time going back from one partition's Pod to another's is not vouched for (one thread refuses it)", () => {
    const events = imageShared.map((e, i) => (i === 5 ? { ...e, time: at(3) } : e));
    const path = logOf(events);
    expect(() => oneThread(path)).toThrow(/earlier than the log's latest time/);
    expect(split(path, 2, salt)).toMatch(/time goes backwards/);
  });

  // Times kept as 32-bit ms deltas: a gap of 49.7 days or more is kept apart (FAR), and the order
  // check still sees an event of another partition that goes back from the far one.
  const DAY = 86_400_000;
  const far = (events: EventInput[], from: number, shift: number) =>
    events.map((e, i) =>
      i >= from ? { ...e, time: new Date(Date.parse(e.time!) + shift).toISOString() } : e,
    );

  it('a gap of 60 days between two events (past 2^32 ms) replays as on one thread', () => {
    const events = far(imageShared, 5, 60 * DAY);
    expect(accepted(events, 'current')).toHaveLength(events.length);
    const path = logOf(events);
    const merged = split(path, 2, salt);
    expect(typeof merged === 'string' ? merged : 'merged').toBe('merged');
    expect(viewsJSON(merged as LoadedViews)).toBe(viewsJSON(oneThread(path)));
  });

  it("an event going back from another partition's far event is not vouched for", () => {
    // Pod "ub" (partition 1) is created 60 days on; then Pod "ua" (partition 0) acts at 0:06.
    const events = [...far(imageShared.slice(0, 6), 5, 60 * DAY), step(ev.created('app'), 'ua', 6)];
    const path = logOf(events);
    expect(() => oneThread(path)).toThrow(/earlier than the log's latest time/);
    expect(split(path, 2, salt)).toBe('seq 7: time goes backwards');
  });

  /** `path` with line `i` (0-based) given `extra` before its CRC, the CRC made good again. */
  function withKey(path: string, i: number, extra: string): void {
    const lines = readFileSync(path, 'utf8').split('\n');
    const body = `${lines[i]!.slice(0, lines[i]!.indexOf(',"crc":"'))}${extra}`;
    lines[i] = `${body},"crc":"${crcHex(crc32(Buffer.from(body)))}"}`;
    writeFileSync(path, lines.join('\n'));
  }

  it('a line whose JSON says another stream than its bytes (a duplicate key) is not vouched for', () => {
    const path = logOf(imageShared);
    // Line 6 (Pod "ub" created, routed by its bytes to partition 1) gets a second "stream" key,
    // the JSON's last word: Pod "ua", which partition 0 replays.
    withKey(path, 5, ',"stream":"pod/ua"');
    expect(() => oneThread(path)).toThrow(/line 6 .*rev 1 of stream pod\/ua where 5 was expected/);
    expect(typeof split(path, 2, salt)).toBe('string');
    // Its owner by the bytes, partition 1, says why (partition 0 gives up at the next line of Pod
    // "ub", which it never saw created; the lines it handed over before are still read).
    const feeds = [undefined, createFeedBuffers(4, 1 << 21)];
    expect(replayPartition(path, { index: 0, count: 2, salt }, { feeds })).toMatchObject({
      ok: false,
      reason: 'seq 7: pod.scheduled for a Pod never created',
    });
    expect(replayPartition(path, { index: 1, count: 2, salt }, { feed: feeds[1]! })).toMatchObject({
      ok: false,
      reason: 'line 6: the stream bytes and the decoded stream differ',
    });
  });

  it('a duplicate "time" key is judged by its decoded value, as one thread judges it', () => {
    const path = logOf(imageShared);
    // Line 6 (Pod "ub" created at 0:05) gets a second "time" key, the JSON's last word: 0:01.
    withKey(path, 5, `,"time":"${at(1)}"`);
    expect(() => oneThread(path)).toThrow(/earlier than the log's latest time/);
    expect(split(path, 2, salt)).toMatch(/seq 6: time goes backwards/);
  });
});
