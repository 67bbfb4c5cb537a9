import type { EventType } from '../events/catalogue.js';
import { compiledContainerMachine } from '../machines/containerMachine.js';
import { compiledPodMachine } from '../machines/podMachine.js';
import type { Engine } from './createEngine.js';
import { type NextAction, nextActions } from './nextActions.js';
import { podIPFor } from './podIP.js';

type Candidate = [EventType, Record<string, unknown>];

function candidates(engine: Engine, uid: string): Candidate[] {
  const p = engine.pods.get(uid)!;
  const ctx = p.ctx;
  const out: Candidate[] = [];
  const nodes = [...engine.env.nodes.values()].filter((n) => !n.implicit).map((n) => n.name);
  for (const node of nodes.length > 0 ? nodes : ['node-1']) out.push(['pod.scheduled', { node }]);
  out.push(['pod.unschedulable', { message: '0/1 nodes are available' }]);
  const gates = ctx.pod.spec.schedulingGates ?? [];
  if (gates.length > 0) out.push(['pod.scheduling-gates.removed', { gates: [gates[0]!.name] }]);
  out.push(['pod.sandbox.ready', { podIP: podIPFor(uid, ctx.sandbox + 1) }]);
  out.push(['pod.sandbox.failed', { message: 'failed to create pod sandbox' }]);
  out.push(['pod.sandbox.died', {}]);
  for (const g of ctx.pod.spec.readinessGates ?? []) {
    out.push([
      'pod.readiness-gate.changed',
      {
        conditionType: g.conditionType,
        status: ctx.gates[g.conditionType]?.status === 'True' ? 'False' : 'True',
      },
    ]);
  }
  out.push(['pod.deletion.requested', {}]);
  out.push(['pod.evicted', { reason: 'Evicted', message: 'The node was low on resource: memory.' }]);
  out.push(['pod.evicted', { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }]);
  out.push(['pod.removed', {}]);
  for (const s of ctx.containers) {
    const container = s.ctx.name;
    out.push(['container.image.pulled', { container }]);
    out.push(['container.image.pull.failed', { container, message: 'rpc error: code = NotFound' }]);
    out.push(['container.started', { container }]);
    out.push(['container.exited', { container, exitCode: 0 }]);
    out.push(['container.exited', { container, exitCode: 1 }]);
    out.push(['container.poststart.succeeded', { container }]);
    out.push(['container.poststart.failed', { container, message: 'hook failed' }]);
    out.push(['container.prestop.completed', { container }]);
    for (const probe of ['startup', 'readiness', 'liveness'] as const) {
      out.push(['container.probe.succeeded', { container, probe }]);
      out.push(['container.probe.failed', { container, probe }]);
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
  for (const [type, data] of candidates(engine, uid)) {
    // Cheap pre-filter on the machines' tables: no transition at all means no need to ask.
    if (!podTable?.has(type)) continue;
    if (type.startsWith('container.')) {
      const i = pod.ctx.byName[data.container as string];
      const slot = i === undefined ? undefined : pod.ctx.containers[i];
      if (slot !== undefined && !compiledContainerMachine.on.get(slot.value)?.has(type)) continue;
    }
    if (engine.check({ stream, type, data, time: at }) === undefined) out.push({ stream, type, data });
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
