import type { Pod, PodMetadataRevision, Volume } from '@podstate/core';
import { type AtomicState, atomicUpdate } from './atomicWriter.js';
import { type ObjectHistory, objectViewAt, visibilityChangePoints } from './objectHistory.js';
import { metadataChangePoints, podMetadataAt } from './podMetadataAt.js';
import { tokenRotationPoints } from './token/requiresRefresh.js';
import { type PayloadContext, volumePayload } from './volumePayload.js';

/** What replaying a volume's life needs: the object history and the kubelet's timings. */
export interface TimelineContext extends Omit<PayloadContext, 'objects' | 'now'> {
  history: ObjectHistory;
  /** When the kubelet first synced the Pod and set up its volumes (ms). */
  firstSyncAt: number;
  /** See {@link defaultPropagationDelayMs}; clamped to 0..2 min. */
  propagationDelayMs?: number;
  /**
   * The Pod's label/annotation revisions (`PodCtx.metadataRevisions`); `pod` holds the latest.
   * A change is written at its own instant: the Pod update triggers a sync whose
   * processPodVolumes marks the volumes for remount (desired_state_of_world_populator.go).
   */
  metadataRevisions?: readonly PodMetadataRevision[];
}

/** The volume as of `t`: the written state (if SetUp ever succeeded) and the last SetUp error. */
export interface VolumeAt {
  state?: AtomicState;
  /** The error of the latest SetUp attempt, if it failed (the old content, if any, stays). */
  error?: string;
}

/**
 * Replays a volume from the Pod's first sync to `t`: a SetUp at the first sync and again whenever
 * the kubelet's view of an object changes or a projected token is rotated, each one an
 * atomicUpdate. A failed SetUp leaves the previous content in place. Pure.
 */
export function volumeAt(pod: Pod, volume: Volume, ctx: TimelineContext, t: number): VolumeAt {
  if (t < ctx.firstSyncAt) return {};
  const vis = { firstSyncAt: ctx.firstSyncAt, now: t, delayMs: ctx.propagationDelayMs };
  const points = new Set<number>([
    ctx.firstSyncAt,
    ...visibilityChangePoints(ctx.history, vis, ctx.firstSyncAt),
    ...metadataChangePoints(ctx.metadataRevisions, ctx.firstSyncAt, t),
  ]);
  const tokenStart = ctx.tokenIssuedAt ?? ctx.firstSyncAt;
  for (const src of volume.projected?.sources ?? []) {
    const exp = src.serviceAccountToken ? (src.serviceAccountToken.expirationSeconds ?? 3600) : undefined;
    if (exp !== undefined)
      for (const p of tokenRotationPoints(tokenStart, exp, ctx.firstSyncAt, t)) points.add(p);
  }
  let out: VolumeAt = {};
  for (const p of [...points].sort((a, b) => a - b)) {
    const objects = objectViewAt(ctx.history, { ...vis, now: p });
    const { history: _h, firstSyncAt: _f, propagationDelayMs: _d, metadataRevisions: revs, ...facts } = ctx;
    const podThen = podMetadataAt(pod, revs, p);
    const payload = volumePayload(podThen, volume, { ...facts, objects, now: p, tokenIssuedAt: tokenStart });
    if ('error' in payload) {
      out = { ...(out.state ? { state: out.state } : {}), error: payload.error };
      continue;
    }
    const next = atomicUpdate(out.state, payload.files, p);
    out =
      'error' in next
        ? { ...(out.state ? { state: out.state } : {}), error: next.error }
        : { state: next.state };
  }
  return out;
}
