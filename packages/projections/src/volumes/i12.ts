import type { Pod } from '@podstate/core';
import { cleanPayload } from './atomicWriter.js';
import type { FileProjection } from './makePayload.js';
import { objectViewAt } from './objectHistory.js';
import { volumePayload } from './volumePayload.js';
import { type TimelineContext, volumeAt } from './volumeTimeline.js';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Files that came from two revisions of one object (origin `kind/ns/name@version`): a state no
 * atomic swap can produce. Returns one message per mixed object. Pure.
 */
export function mixedVersionViolations(files: ReadonlyMap<string, Pick<FileProjection, 'origin'>>): string[] {
  const seen = new Map<string, Set<string>>();
  for (const f of files.values()) {
    if (!f.origin) continue;
    const at = f.origin.lastIndexOf('@');
    const key = f.origin.slice(0, at);
    const set = seen.get(key) ?? new Set<string>();
    set.add(f.origin.slice(at + 1));
    seen.set(key, set);
  }
  return [...seen]
    .filter(([, v]) => v.size > 1)
    .map(([k, v]) => `${k} mixes revisions ${[...v].sort().join(', ')}`);
}

/** Differences between observed files and a fresh projection (paths, bytes, modes). */
export function payloadDifferences(
  observed: ReadonlyMap<string, FileProjection>,
  fresh: ReadonlyMap<string, FileProjection>,
): string[] {
  const out: string[] = [];
  for (const [p, f] of fresh) {
    const o = observed.get(p);
    if (!o) out.push(`${p}: missing`);
    else if (!sameBytes(o.bytes, f.bytes))
      out.push(`${p}: content differs (${o.origin ?? '?'} vs ${f.origin ?? '?'})`);
    else if (o.mode !== f.mode) out.push(`${p}: mode ${o.mode.toString(8)} vs ${f.mode.toString(8)}`);
  }
  for (const p of observed.keys()) if (!fresh.has(p)) out.push(`${p}: should have been removed`);
  return out;
}

/**
 * Invariant I12 for every volume of `pod` at `t`: the mounted files equal a fresh projection of
 * the objects the kubelet sees at `t`, and no volume mixes two revisions of one object; when the
 * fresh projection fails, the old content stays and the failure is reported. `observe` is the
 * implementation under test (default: the real {@link volumeAt}). Pure.
 */
export function i12Violations(
  pod: Pod,
  ctx: TimelineContext,
  t: number,
  observe: typeof volumeAt = volumeAt,
): string[] {
  const out: string[] = [];
  // Before the first sync nothing is mounted, so there is nothing to compare.
  if (t < ctx.firstSyncAt) return out;
  for (const vol of pod.spec.volumes ?? []) {
    const observed = observe(pod, vol, ctx, t);
    const { history, firstSyncAt, propagationDelayMs, ...facts } = ctx;
    const objects = objectViewAt(history, { firstSyncAt, now: t, delayMs: propagationDelayMs });
    const fresh = volumePayload(pod, vol, {
      ...facts,
      objects,
      now: t,
      tokenIssuedAt: ctx.tokenIssuedAt ?? firstSyncAt,
    });
    const files = observed.state?.files ?? new Map<string, FileProjection>();
    for (const m of mixedVersionViolations(files)) out.push(`volume ${vol.name}: ${m}`);
    if ('error' in fresh) {
      if (observed.error !== fresh.error)
        out.push(`volume ${vol.name}: SetUp error not reported (${fresh.error})`);
      continue;
    }
    const clean = cleanPayload(fresh.files);
    if ('error' in clean) {
      if (observed.error !== clean.error)
        out.push(`volume ${vol.name}: writer error not reported (${clean.error})`);
      continue;
    }
    for (const d of payloadDifferences(files, clean.files)) out.push(`volume ${vol.name}: ${d}`);
  }
  return out;
}
