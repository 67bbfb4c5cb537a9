import type { Engine, PodState, RecordedEvent } from '@podstate/core';
import type { ContainerMount, EnvResult, MountFailure } from '@podstate/projections';
import {
  containerMounts,
  objectHistoryFromEvents,
  podHostsFile,
  podMetadataAt,
  resolveEnvAt,
} from '@podstate/projections/runtime';
import type { ConfigEvent } from './configEvents.js';

/** What a container sees of its configuration, from the engine's facts and the object history. */
export class PodFiles {
  private readonly history;

  constructor(
    private readonly engine: Engine,
    private readonly state: PodState,
    configEvents: readonly ConfigEvent[],
    private readonly now: number,
  ) {
    this.history = objectHistoryFromEvents(configEvents as RecordedEvent[]);
  }

  private facts() {
    const c = this.state.ctx;
    const node = c.node ? this.engine.env.nodes.get(c.node) : undefined;
    return {
      uid: c.uid,
      nodeName: c.node,
      podIP: c.podIP,
      podIPs: c.podIP ? [c.podIP] : [],
      hostIP: c.hostIP ?? node?.address,
      hostIPs: (c.hostIP ?? node?.address) ? [c.hostIP ?? node!.address] : [],
    };
  }

  private slot(container: string) {
    const i = this.state.ctx.byName[container];
    return i === undefined ? undefined : this.state.ctx.containers[i];
  }

  /** Container names, init containers first. */
  containers(): string[] {
    return this.state.ctx.containers.map((s) => s.ctx.name);
  }

  /** Every mount of a container at `now`, and the mounts that cannot be set up. */
  mounts(container: string): { mounts: ContainerMount[]; failures: MountFailure[] } {
    const c = this.state.ctx;
    const firstSyncAt = c.startTime ?? this.now;
    const started = this.slot(container)?.ctx.startedAt;
    return containerMounts(c.pod, container, {
      ...this.facts(),
      history: this.history,
      metadataRevisions: c.metadataRevisions,
      firstSyncAt,
      now: this.now,
      ...(started !== undefined ? { containerStartedAt: started } : {}),
    });
  }

  /** The container's environment as it was resolved at its last start (or would be now). */
  env(container: string): EnvResult | undefined {
    const slot = this.slot(container);
    if (slot === undefined) return undefined;
    const c = this.state.ctx;
    const startedAt = slot.ctx.startedAt ?? this.now;
    // Env vars are made once, at the start (GenerateRunContainerOptions): labels and annotations
    // from fieldRef are those the Pod had then.
    return resolveEnvAt(podMetadataAt(c.pod, c.metadataRevisions, startedAt), slot.ctx.spec, {
      ...this.facts(),
      history: this.history,
      firstSyncAt: c.startTime ?? this.now,
      containerStartedAt: startedAt,
    });
  }

  /** The Pod's /etc/hosts, or why there is none yet. */
  hosts(): { content: string } | { error: string } | { notMounted: string } {
    const f = this.facts();
    return podHostsFile(this.state.ctx.pod, { podIPs: f.podIPs, nodeName: f.nodeName, hostIP: f.hostIP });
  }
}
