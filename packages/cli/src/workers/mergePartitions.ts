import { createEngine, type PodState, type RemovedPod } from '@podstate/core/views';
import type { StatusSnapshot } from '@podstate/projections';
import { StatusProjection } from '@podstate/projections/views';
import type { LoadedViews } from '../engine/loadAt.js';
import { FAR, NOT_MINE, type PartitionResult } from './replayPartition.js';

type Done = Extract<PartitionResult, { ok: true }>;

/** Why merged names would differ from one thread's: a name created while another partition's Pod held it. */
function nameClash(parts: readonly Done[]): string | undefined {
  const all = parts.flatMap((p) => p.names).sort((a, b) => a[0] - b[0]);
  const live = new Set<string>();
  for (const [seq, created, key] of all) {
    if (created === 0) live.delete(key);
    else if (live.has(key)) return `seq ${seq}: Pod ${key} already exists in another partition`;
    else live.add(key);
  }
  return undefined;
}

/**
 * Why the log would not replay on one thread for its times: an event earlier than the one before
 * it, whichever partitions applied the two (each partition's engine sees only its own events and
 * the cluster's). Each partition's times are decoded in seq order (PartitionResult.times: deltas
 * from its previous event); every line was applied by one partition at least (cluster lines by
 * all, with the same time); a line none applied cannot be vouched for.
 */
function timeBackwards(parts: readonly Done[], head: number): string | undefined {
  const prev = parts.map(() => 0);
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < head; i++) {
    let t = Number.NaN;
    for (let p = 0; p < parts.length; p++) {
      const d = parts[p]!.times[i];
      if (d === NOT_MINE || d === undefined) continue;
      const far = d === FAR ? parts[p]!.farTimes.get(i + 1) : undefined;
      if (d === FAR && far === undefined) return `seq ${i + 1}: no time in partition ${parts[p]!.index}`;
      prev[p] = far ?? prev[p]! + d;
      if (Number.isNaN(t)) t = prev[p]!;
    }
    if (Number.isNaN(t)) return `seq ${i + 1}: applied by no partition`;
    if (t < last) return `seq ${i + 1}: time goes backwards`;
    last = t;
  }
  return undefined;
}

/**
 * The views of a replay split by Pod, merged into what one thread builds: one engine holding
 * every partition's Pods and partition 0's cluster (every partition replayed the same cluster
 * facts), its maps in the one-thread insertion order (live Pods and their names by the seq of
 * their `pod.created`, removed Pods by the seq that removed them), the status fold in the same
 * order (by the seq of each Pod's `pod.created`; of `namespace` only when the partitions folded
 * that one alone), `now` the time of the log's last event. Undefined (with the reason) when the partitions
 * cannot vouch for the one-thread result: one gave up, or two created the same live name (the
 * one-thread engine refuses the second).
 */
export function mergePartitions(
  results: readonly PartitionResult[],
  namespace?: string,
): LoadedViews | string {
  const failed = results.find((r) => !r.ok);
  if (failed !== undefined && !failed.ok) return `partition ${failed.index}: ${failed.reason}`;
  const parts = (results as Done[]).slice().sort((a, b) => a.index - b.index);
  const head = parts[0]!.head;
  // A writer appending while the partitions read could let them see different ends.
  if (parts.some((p) => p.head !== head)) return 'the partitions read different ends of the log';
  const clash = nameClash(parts) ?? timeBackwards(parts, head);
  if (clash !== undefined) return clash;
  const p0 = parts[0]!;
  const engine = createEngine({ profile: p0.profile });
  const env = p0.env!;
  const last = parts.reduce((a, b) => (b.lastSeq > a.lastSeq ? b : a));
  Object.assign(engine.env, env, { time: last.lastSeq > 0 ? last.lastTime : env.time });
  engine.seq = last.lastSeq;
  const pods: [number, PodState][] = parts.flatMap((p) => p.pods).sort((a, b) => a[0] - b[0]);
  for (const [, p] of pods) {
    engine.pods.set(p.ctx.uid, p);
    engine.names.set(`${p.ctx.namespace}/${p.ctx.name}`, p.ctx.uid);
  }
  const removed: [number, RemovedPod][] = parts.flatMap((p) => p.removed).sort((a, b) => a[0] - b[0]);
  for (const [, r] of removed) engine.removed.set(r.uid, r);
  const status: StatusSnapshot = parts
    .flatMap((p) => p.status)
    .sort((a, b) => a[0] - b[0])
    .map(([, entry]) => entry);
  const fold = StatusProjection.restore(status);
  return {
    engine,
    // A fold of one namespace answers for no other, as one thread's (StatusProjection.only).
    status: namespace === undefined ? fold : fold.only(namespace),
    timeline: undefined,
    ...(last.lastTime !== undefined ? { now: last.lastTime } : {}),
    lastSeq: last.lastSeq,
    configEvents: p0.configEvents ?? [],
  };
}
