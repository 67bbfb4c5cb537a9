import type { PodstateEvent } from '../events/eventTypes.js';
import { compiledContainerMachine } from '../machines/compiledContainer.js';
import { compiledPodMachine } from '../machines/compiledPod.js';
import type { ContainerSlot } from '../machines/types.js';
import type { Engine } from './createEngine.js';
import { type NextAction, nextActions } from './nextActions.js';
import { podIPFor } from './podIP.js';
import type { EventInput, PodState } from './types.js';

const PROBES = ['startup', 'readiness', 'liveness'] as const;

/**
 * Every event from a representative set (successes and failures of each kind) that the engine
 * would accept for this Pod at time `at`, in a fixed order: the Pod's facts (scheduling to each
 * registered node, unschedulable, its first scheduling gate removed, sandbox ready/failed/died,
 * each readiness gate flipped, deletion, two evictions, removal), then per container image
 * pulled/pull failed, started, exited 0/1, postStart succeeded/failed, preStop completed and each
 * probe's success and failure. Generators draw from it so they reach deep states. A candidate
 * the machines' tables have no transition for is skipped without building it or asking the
 * engine (explore calls this on every step: see docs/decisions.md).
 */
export function enabledEvents(
  engine: Engine,
  uid: string,
  at: string,
  /** Only the Pod's own facts, or only its containers' (the same events, in the same order, as filtering the full list). */
  only?: 'pod' | 'container',
): NextAction[] {
  return enabled(engine, uid, at, only, true);
}

/**
 * The Pod's own facts of {@link enabledEvents}, without the ones that end its life (deletion,
 * eviction, removal) unless `ending`: the same events, in the same order, as filtering
 * `enabledEvents(engine, uid, at, 'pod')`, without asking the engine about the ones left out.
 * @internal
 */
export function enabledPodFacts(engine: Engine, uid: string, at: string, ending: boolean): NextAction[] {
  return enabled(engine, uid, at, 'pod', ending);
}

/**
 * Whether the Pod and container charts have a transition for a container fact `type` in their
 * current states: when not, the engine refuses it (enabledEvents skips it without asking).
 * @internal
 */
export function chartsTake(pod: PodState, slot: ContainerSlot, type: PodstateEvent['type']): boolean {
  return (
    compiledPodMachine.on.get(pod.value)!.has(type) &&
    compiledContainerMachine.on.get(slot.value)?.has(type) === true
  );
}

function enabled(
  engine: Engine,
  uid: string,
  at: string,
  only: 'pod' | 'container' | undefined,
  ending: boolean,
): NextAction[] {
  const pod = engine.pods.get(uid);
  if (pod === undefined) return [];
  // Every state of a live Pod has an entry (only `removed` has no transitions, and a removed Pod
  // is no longer in engine.pods).
  const podTable = compiledPodMachine.on.get(pod.value)!;
  const stream = `pod/${uid}`;
  const ctx = pod.ctx;
  const out: NextAction[] = [];
  // One probe object for every engine.check (decide keeps no reference to its input).
  const probe = { stream, type: '', data: {} as Record<string, unknown>, time: at };
  const offer = (type: PodstateEvent['type'], data: Record<string, unknown>) => {
    probe.type = type;
    probe.data = data;
    if (engine.check(probe as EventInput) === undefined) out.push({ type, data, stream } as NextAction);
  };
  const offerPodFacts = () => {
    if (podTable.has('pod.scheduled')) {
      let any = false;
      for (const n of engine.env.nodes.values()) {
        if (n.implicit) continue;
        any = true;
        offer('pod.scheduled', { node: n.name });
      }
      if (!any) offer('pod.scheduled', { node: 'node-1' });
    }
    if (podTable.has('pod.unschedulable')) offer('pod.unschedulable', { message: '0/1 nodes are available' });
    const gates = ctx.pod.spec.schedulingGates ?? [];
    if (gates.length > 0 && podTable.has('pod.scheduling-gates.removed'))
      offer('pod.scheduling-gates.removed', { gates: [gates[0]!.name] });
    if (podTable.has('pod.sandbox.ready'))
      offer('pod.sandbox.ready', { podIP: podIPFor(uid, ctx.sandbox + 1) });
    if (podTable.has('pod.sandbox.failed'))
      offer('pod.sandbox.failed', { message: 'failed to create pod sandbox' });
    if (podTable.has('pod.sandbox.died')) offer('pod.sandbox.died', {});
    // Every state of a live Pod takes readiness-gate changes and deletion requests.
    for (const g of ctx.pod.spec.readinessGates ?? []) {
      offer('pod.readiness-gate.changed', {
        conditionType: g.conditionType,
        status: ctx.gates[g.conditionType]?.status === 'True' ? 'False' : 'True',
      });
    }
    if (!ending) return;
    offer('pod.deletion.requested', {});
    if (podTable.has('pod.evicted')) {
      offer('pod.evicted', { reason: 'Evicted', message: 'The node was low on resource: memory.' });
      offer('pod.evicted', { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    }
    if (podTable.has('pod.removed')) offer('pod.removed', {});
  };

  const offerContainerFacts = () => {
    for (const s of ctx.containers) {
      const container = s.ctx.name;
      const table = compiledContainerMachine.on.get(s.value);
      const can = (type: PodstateEvent['type']) => podTable.has(type) && table?.has(type) === true;
      if (can('container.image.pulled')) offer('container.image.pulled', { container });
      if (can('container.image.pull.failed'))
        offer('container.image.pull.failed', { container, message: 'rpc error: code = NotFound' });
      if (can('container.started')) offer('container.started', { container });
      if (can('container.exited')) {
        offer('container.exited', { container, exitCode: 0 });
        offer('container.exited', { container, exitCode: 1 });
      }
      if (can('container.poststart.succeeded')) offer('container.poststart.succeeded', { container });
      if (can('container.poststart.failed'))
        offer('container.poststart.failed', { container, message: 'hook failed' });
      if (can('container.prestop.completed')) offer('container.prestop.completed', { container });
      const ok = can('container.probe.succeeded');
      const failed = can('container.probe.failed');
      if (ok || failed) {
        for (const p of PROBES) {
          if (ok) offer('container.probe.succeeded', { container, probe: p });
          if (failed) offer('container.probe.failed', { container, probe: p });
        }
      }
    }
  };
  if (only !== 'container') offerPodFacts();
  if (only !== 'pod') offerContainerFacts();
  return out;
}

/**
 * Applies natural facts (nextActions) for one Pod at time `at` until none is due or `until`
 * says stop; returns what it applied, in order. The scenario auto-driver and explore use it.
 * @internal
 */
export function settle(
  engine: Engine,
  uid: string,
  at: string,
  until?: () => boolean,
  limit = 500,
): NextAction[] {
  const applied: NextAction[] = [];
  for (let i = 0; i < limit; i++) {
    if (until?.()) break;
    const [a] = nextActions(engine, uid, at);
    if (a === undefined) break;
    const r = engine.apply({ ...a, time: at });
    if (!r.ok) throw new Error(`settle: natural fact refused: ${r.rejection.message}`);
    applied.push(a);
  }
  return applied;
}
