import type { GeneratedCondition } from './generateConditions.js';
import { formatRFC3339, type Instant } from './time.js';
import type { PodCondition } from './types.js';

/**
 * Stamps freshly generated conditions with `lastTransitionTime`: kept from the previous
 * condition of the same type when its status is unchanged, else `now`
 * (pkg/kubelet/status/status_manager.go updateLastTransitionTime). `lastProbeTime` is null,
 * as the kubelet leaves it. Conditions absent from `next` are not carried over: the caller
 * decides which foreign conditions (readiness gates, DisruptionTarget) to keep. Pure.
 *
 * @example mergeConditions(old, [generatePodReadyCondition(...)], '2026-01-02T15:04:05Z')
 */
export function mergeConditions(
  previous: readonly PodCondition[] | undefined,
  next: readonly GeneratedCondition[],
  now: Instant,
): PodCondition[] {
  const stamp = formatRFC3339(now);
  return next.map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    const lastTransitionTime =
      old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : stamp;
    return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime, ...pick(c) };
  });
}

function pick(c: GeneratedCondition): Pick<PodCondition, 'reason' | 'message'> {
  return { ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}
