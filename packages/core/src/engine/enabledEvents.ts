import type { PodstateEvent } from '../events/eventTypes.js';
import { compiledContainerMachine } from '../machines/containerMachine.js';
import { compiledPodMachine } from '../machines/podMachine.js';
import type { Engine } from './createEngine.js';
import { type NextAction, nextActions } from './nextActions.js';
import { podIPFor } from './podIP.js';

type Candidate = PodstateEvent;

function candidates(engine: Engine, uid: string): Candidate[] {
  const p = engine.pods.get(uid)!;
  const ctx = p.ctx;
  const out: Candidate[] = [];
  const nodes = [...engine.env.nodes.values()].filter((n) => !n.implicit).map((n) => n.name);
  for (const node of nodes.length > 0 ? nodes : ['node-1'])
    out.push({ type: 'pod.scheduled', data: { node } });
  out.push({ type: 'pod.unschedulable', data: { message: '0/1 nodes are available' } });
  const gates = ctx.pod.spec.schedulingGates ?? [];
  if (gates.length > 0) out.push({ type: 'pod.scheduling-gates.removed', data: { gates: [gates[0]!.name] } });
  out.push({ type: 'pod.sandbox.ready', data: { podIP: podIPFor(uid, ctx.sandbox + 1) } });
  out.push({ type: 'pod.sandbox.failed', data: { message: 'failed to create pod sandbox' } });
  out.push({ type: 'pod.sandbox.died', data: {} });
  for (const g of ctx.pod.spec.readinessGates ?? []) {
    out.push({
      type: 'pod.readiness-gate.changed',
      data: {
        conditionType: g.conditionType,
        status: ctx.gates[g.conditionType]?.status === 'True' ? 'False' : 'True',
      },
    });
  }
  out.push({ type: 'pod.deletion.requested', data: {} });
  out.push({
    type: 'pod.evicted',
    data: { reason: 'Evicted', message: 'The node was low on resource: memory.' },
  });
  out.push({
    type: 'pod.evicted',
    data: { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' },
  });
  out.push({ type: 'pod.removed', data: {} });
  for (const s of ctx.containers) {
    const container = s.ctx.name;
    out.push({ type: 'container.image.pulled', data: { container } });
    out.push({
      type: 'container.image.pull.failed',
      data: { container, message: 'rpc error: code = NotFound' },
    });
    out.push({ type: 'container.started', data: { container } });
    out.push({ type: 'container.exited', data: { container, exitCode: 0 } });
    out.push({ type: 'container.exited', data: { container, exitCode: 1 } });
    out.push({ type: 'container.poststart.succeeded', data: { container } });
    out.push({ type: 'container.poststart.failed', data: { container, message: 'hook failed' } });
    out.push({ type: 'container.prestop.completed', data: { container } });
    for (const probe of ['startup', 'readiness', 'liveness'] as const) {
      out.push({ type: 'container.probe.succeeded', data: { container, probe } });
      out.push({ type: 'container.probe.failed', data: { container, probe } });
    }
  }
  return out;
}

/**
 * Every event from a representative set (successes and failures of each kind) that the engine
 * would accept for this Pod at time `at`. Generators draw from it so they reach deep states.
 */
export function enabledEvents(engine: Engine, uid: string, at: string): NextAction[] {
  if (!engine.pods.has(uid)) return [];
  const stream = `pod/${uid}`;
  const out: NextAction[] = [];
  const pod = engine.pods.get(uid)!;
  const podTable = compiledPodMachine.on.get(pod.value);
  for (const c of candidates(engine, uid)) {
    // Cheap pre-filter on the machines' tables: no transition at all means no need to ask.
    if (!podTable?.has(c.type)) continue;
    if ('container' in c.data) {
      const i = pod.ctx.byName[c.data.container];
      const slot = i === undefined ? undefined : pod.ctx.containers[i];
      if (slot !== undefined && !compiledContainerMachine.on.get(slot.value)?.has(c.type)) continue;
    }
    const a: NextAction = { ...c, stream };
    if (engine.check({ ...a, time: at }) === undefined) out.push(a);
  }
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
