import type { Pod, PodMetadataRevision } from '@podstate/core';

/**
 * The Pod as of `t` (ms): its labels and annotations those of the last revision at or before `t`
 * (`PodCtx.metadataRevisions`, kept by `pod.metadata.updated`); the Pod itself when its metadata
 * never changed. What the kubelet read at that instant: downward API volumes written then, env
 * vars of a container started then. Pure.
 */
export function podMetadataAt(
  pod: Pod,
  revisions: readonly PodMetadataRevision[] | undefined,
  t: number,
): Pod {
  if (revisions === undefined || revisions.length === 0) return pod;
  let rev = revisions[0]!;
  for (const r of revisions) if (r.since <= t) rev = r;
  const { labels: _l, annotations: _a, ...rest } = pod.metadata;
  return {
    ...pod,
    metadata: {
      ...rest,
      ...(rev.labels !== undefined ? { labels: rev.labels } : {}),
      ...(rev.annotations !== undefined ? { annotations: rev.annotations } : {}),
    },
  };
}

/** The instants in (`after`, `until`] at which the Pod's labels or annotations changed. Pure. */
export function metadataChangePoints(
  revisions: readonly PodMetadataRevision[] | undefined,
  after: number,
  until: number,
): number[] {
  return (revisions ?? []).slice(1).flatMap((r) => (r.since > after && r.since <= until ? [r.since] : []));
}
