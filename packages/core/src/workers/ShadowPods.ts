import { applyPodEffects } from '../engine/decideParts.js';
import type { ClusterEnv } from '../engine/env.js';
import { normalizeImageRef } from '../engine/imageRef.js';
import type { PodState } from '../engine/types.js';
import type { RecordedEvent } from '../events/envelope.js';
import type { Pod } from '../manifest/types.js';
import { PartitionFallback } from './readPartition.js';

/** What a partition keeps of another partition's Pod: its node and each container's image, as the engine keys it. */
interface Shadow {
  node?: string;
  containers: { ctx: { name: string; imageKey: string } }[];
}

/**
 * Other partitions' Pods as far as they change the cluster this partition's Pods see: a
 * `pod.scheduled` to an unregistered node makes that node (while none is registered), and a
 * `container.image.pulled` puts the container's image in its node's cache (applyPodEffects, the
 * engine's own function, on a shadow holding only the node and the images). Each shadow fact is
 * applied where it stands in the log, as the one-thread engine applies it; a fact its owner
 * refuses makes that owner fall back to one thread, so accepting it here is never seen.
 * @internal
 */
export class ShadowPods {
  private readonly pods = new Map<string, Shadow>();

  constructor(private readonly env: ClusterEnv) {}

  /** Applies another partition's shared Pod fact (LineRoute.shared) to the cluster. */
  apply(r: RecordedEvent): void {
    const uid = r.stream.slice(4);
    if (r.type === 'pod.created') {
      this.pods.set(uid, shadowOf((r.data as { manifest: Pod }).manifest));
      return;
    }
    if (r.type === 'pod.removed') {
      this.pods.delete(uid);
      return;
    }
    const pod = this.pods.get(uid);
    if (pod === undefined) throw new PartitionFallback(`seq ${r.seq}: ${r.type} for a Pod never created`);
    if (r.type === 'pod.scheduled') pod.node = r.data.node as string;
    else if (
      r.type === 'container.image.pulled' &&
      !pod.containers.some((c) => c.ctx.name === r.data.container)
    )
      throw new PartitionFallback(`seq ${r.seq}: ${r.type} for an unknown container`);
    applyPodEffects(this.env, r, { value: 'scheduling', ctx: pod } as unknown as PodState);
  }
}

/** The containers' names and image keys as createPodCtx numbers them: init containers, then app containers. */
function shadowOf(manifest: Pod): Shadow {
  const specs = [...(manifest?.spec?.initContainers ?? []), ...(manifest?.spec?.containers ?? [])];
  const containers: Shadow['containers'] = [];
  for (const spec of specs) {
    if (typeof spec?.image !== 'string') throw new PartitionFallback('a container without an image');
    containers.push({ ctx: { name: spec.name, imageKey: normalizeImageRef(spec.image) } });
  }
  return { containers };
}
