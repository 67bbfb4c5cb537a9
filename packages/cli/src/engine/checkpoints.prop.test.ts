// Invariant I1 through the CLI's read path: the views loaded from a checkpoint plus the tail equal
// the views of a full replay, on real JSONL files, for generated lifecycles cut anywhere, with and
// without --at. And the checker catches a checkpoint that summarises something else.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type EventInput, engineStateJSON, openJsonlLog } from '@podstate/core';
import { canonicalJSON, lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { rewriteCheckpoint } from '../../test/e2e/checkpointFiles.js';
import { checkpointLog } from './checkpointLog.js';
import { type JsonlViews, loadJsonlAt } from './loadAt.js';
import type { AtPoint } from './parseAt.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'podstate-ckpt-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Everything a view command shows, as one canonical string (keys sorted: a restored object may
 * hold its keys in another order, which no output shows): equal strings mean equal views.
 */
function viewsJSON(v: JsonlViews): string {
  const now = v.now ?? 0;
  const pods = [...v.engine.pods.keys()].map((uid) => ({
    uid,
    object: v.status.get(v.engine, uid, now),
    events: v.timeline?.events(uid),
  }));
  return canonicalJSON({
    engine: JSON.parse(engineStateJSON(v.engine)),
    pods,
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

async function append(path: string, events: readonly EventInput[], profile: string): Promise<void> {
  const log = await openJsonlLog(path, { onWarning: () => {} });
  try {
    for (const e of events) {
      const first = (await log.head()).seq === 0;
      await log.append(e.stream, [
        { type: e.type, time: e.time, data: e.data, ...(first ? { meta: { profile } } : {}) },
      ]);
    }
  } finally {
    await log.close();
  }
}

let n = 0;
/** A log of `events` with a checkpoint after each cut (cuts ascending). */
async function logWithCheckpoints(events: EventInput[], profile: string, cuts: number[]): Promise<string> {
  const path = join(dir, `log-${++n}.jsonl`);
  let done = 0;
  for (const cut of cuts) {
    await append(path, events.slice(done, cut), profile);
    done = cut;
    checkpointLog(path, undefined);
  }
  await append(path, events.slice(done), profile);
  return path;
}

const load = (path: string, at: AtPoint | undefined, checkpoints: boolean) =>
  loadJsonlAt(path, at, undefined, { timeline: true, checkpoints });

describe(`checkpoint + tail = full replay (I1 on the read path; seed ${seed}, PODSTATE_SEED to change)`, () => {
  it('for generated lifecycles with checkpoints anywhere, at the head and --at any seq', async () => {
    await fc.assert(
      fc.asyncProperty(
        lifecycleArbitrary({ maxSteps: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        async (lc, rawCuts, rawAt) => {
          const events = accepted(lc.events, lc.profile);
          const cuts = [...new Set(rawCuts.map((c) => 1 + (c % events.length)))].sort((a, b) => a - b);
          const path = await logWithCheckpoints(events, lc.profile, cuts);
          const used = load(path, undefined, true);
          expect(used.from?.seq).toBe(cuts[cuts.length - 1]); // the newest checkpoint was used
          expect(viewsJSON(used)).toBe(viewsJSON(load(path, undefined, false)));
          const seqAt = 1 + (rawAt % events.length);
          const at: AtPoint = { seq: seqAt, text: String(seqAt) };
          const usedAt = load(path, at, true);
          const nearest = cuts.filter((c) => c <= seqAt).pop();
          expect(usedAt.from?.seq).toBe(nearest);
          expect(viewsJSON(usedAt)).toBe(viewsJSON(load(path, at, false)));
          // By time: the point is the time of event seqAt.
          const time = Date.parse(events[seqAt - 1]!.time);
          const atTime: AtPoint = { time, text: events[seqAt - 1]!.time };
          expect(viewsJSON(load(path, atTime, true))).toBe(viewsJSON(load(path, atTime, false)));
        },
      ),
      { seed, numRuns, verbose: 1 },
    );
  });

  it('the check catches a checkpoint that summarises other state (a hand-made divergence)', async () => {
    // The first sampled lifecycle whose checkpoint tracks a Pod's conditions.
    let path = '';
    let file = '';
    for (const lc of fc.sample(lifecycleArbitrary({ maxSteps: 60 }), { seed, numRuns: 20 })) {
      const events = accepted(lc.events, lc.profile);
      path = await logWithCheckpoints(events, lc.profile, [events.length]);
      file = `${path}.checkpoint-${events.length}`;
      const body = JSON.parse(readFileSync(file, 'utf8').split('\n')[1]!) as { status: unknown[] };
      if (body.status.length > 0) break;
    }
    const full = viewsJSON(load(path, undefined, false));
    expect(viewsJSON(load(path, undefined, true))).toBe(full);
    // Edit the checkpoint's body (one condition's lastTransitionTime, one second later) and
    // give it valid CRCs, as a buggy writer would: the views differ, and the check says so.
    rewriteCheckpoint(file, (_, body) => {
      const status = body.status as [string, number, boolean, number[]][];
      expect(status.length).toBeGreaterThan(0);
      status[0]![3][0]! += 1000;
    });
    const divergent = load(path, undefined, true);
    expect(file.endsWith(`.checkpoint-${divergent.from?.seq}`)).toBe(true);
    expect(viewsJSON(divergent)).not.toBe(full);
  });
});
