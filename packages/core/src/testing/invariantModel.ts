import { normalizeImageRef } from '../engine/imageRef.js';
import type { ContainerSlot } from '../machines/types.js';
import type { TraceStep } from './trace.js';

/** A broken invariant: which one, at which step, and what happened. */
export interface Violation {
  invariant: string;
  step: number;
  message: string;
}

/** Running (including the postStart hook). */
export const isRunning = (s: ContainerSlot | undefined) => s?.value.startsWith('running') === true;

/** The slot named `name` in a Pod state, if any. */
export function slotNamed(state: TraceStep['after'], name: unknown): ContainerSlot | undefined {
  const i = state?.ctx.byName[name as string];
  return i === undefined ? undefined : state?.ctx.containers[i];
}

/** What the checkers know of the cluster, rebuilt from the trace's own cluster events. */
export interface ClusterModel {
  nodes: Map<string, { labels: Record<string, string>; images: Set<string>; lost: boolean }>;
  /** `secret/ns/name` or `configmap/ns/name` → keys. */
  objects: Map<string, Set<string>>;
  registered: number;
}

export function createClusterModel(): ClusterModel {
  return { nodes: new Map(), objects: new Map(), registered: 0 };
}

/** Folds one accepted step into the model (independently of the engine's own bookkeeping). */
export function foldCluster(m: ClusterModel, step: TraceStep): void {
  if (!step.ok) return;
  const { type, data, stream } = step.event;
  // Most steps are Pod and container facts that change no cluster object: nothing to fold.
  if (
    type.startsWith('container.')
      ? type !== 'container.image.pulled'
      : type.startsWith('pod.') && type !== 'pod.scheduled'
  )
    return;
  const nodeName = (data.node as string | undefined) ?? stream.slice(5);
  switch (type) {
    case 'node.registered': {
      const prev = m.nodes.get(nodeName);
      const images = new Set([
        ...(prev?.images ?? []),
        ...((data.images as string[] | undefined) ?? []).map(normalizeImageRef),
      ]);
      m.nodes.set(nodeName, {
        labels: { 'kubernetes.io/hostname': nodeName, ...((data.labels as Record<string, string>) ?? {}) },
        images,
        lost: false,
      });
      m.registered++;
      return;
    }
    case 'node.updated': {
      const n = m.nodes.get(nodeName)!;
      if (data.labels)
        n.labels = { 'kubernetes.io/hostname': nodeName, ...(data.labels as Record<string, string>) };
      if (data.images) n.images = new Set((data.images as string[]).map(normalizeImageRef));
      return;
    }
    case 'node.lost':
    case 'node.recovered':
      m.nodes.get(nodeName)!.lost = type === 'node.lost';
      return;
    case 'pod.scheduled':
      if (!m.nodes.has(data.node as string)) {
        m.nodes.set(data.node as string, {
          labels: { 'kubernetes.io/hostname': data.node as string },
          images: new Set(),
          lost: false,
        });
      }
      return;
    case 'container.image.pulled': {
      const node = step.after?.ctx.node;
      const slot = slotNamed(step.after, data.container);
      if (node !== undefined && slot !== undefined)
        m.nodes.get(node)?.images.add(normalizeImageRef(slot.ctx.image));
      return;
    }
  }
  if (type.startsWith('secret.') || type.startsWith('configmap.')) {
    const kind = type.startsWith('secret.') ? 'secret' : 'configmap';
    const [, sns, sname] = stream.split('/');
    const key = `${kind}/${(data.namespace as string | undefined) ?? sns}/${(data.name as string | undefined) ?? sname}`;
    if (type.endsWith('.deleted')) m.objects.delete(key);
    else
      m.objects.set(
        key,
        new Set([
          ...Object.keys((data.data as object) ?? {}),
          ...Object.keys((data.binaryData as object) ?? {}),
        ]),
      );
  }
}

/**
 * An invariant checker fed one step at a time (a streaming check): it keeps what it needs per live
 * Pod and forgets a Pod once it is removed, so its memory follows the live Pods, not the trace.
 * The batch checkers (`checkI2(trace)` …) are these run over a trace's steps.
 */
export interface StepChecker {
  /** Checks step `i` (pushing what it finds to `out`) and folds it into the checker's memory. */
  step(s: TraceStep, i: number, out: Violation[]): void;
  /** How many Pods the checker holds memory for (the live ones; removed Pods are forgotten). */
  readonly pods: number;
}

/** Runs a fresh step checker over a whole trace. */
export function runChecker(checker: StepChecker, steps: readonly TraceStep[]): Violation[] {
  const out: Violation[] = [];
  for (let i = 0; i < steps.length; i++) checker.step(steps[i]!, i, out);
  return out;
}

/** True for the step that removed its Pod: checkers forget the Pod after it. */
export const removes = (s: TraceStep): boolean => s.ok && s.after?.value === 'removed';

/** Per-Pod memory: created on first use, forgotten when the Pod is removed. */
export class PodMemos<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly create: () => T) {}
  get(uid: string): T {
    let m = this.map.get(uid);
    if (m === undefined) {
      m = this.create();
      this.map.set(uid, m);
    }
    return m;
  }
  peek(uid: string): T | undefined {
    return this.map.get(uid);
  }
  forget(uid: string): void {
    this.map.delete(uid);
  }
  get size(): number {
    return this.map.size;
  }
}
