import type { PodstateEvent } from '../events/eventTypes.js';
import { podCompleting } from '../machines/podRules.js';
import {
  type ContainerSlot,
  isPreStopState,
  isReadyState,
  isRunningState,
  isStartedState,
  isStoppingState,
  isTerminatedState,
  isWaitingState,
  type PodCtx,
} from '../machines/types.js';
import {
  DEFAULT_TOLERATION_SECONDS,
  TAINT_NODE_UNREACHABLE,
  toleratesNoExecute,
} from '../manifest/admitDefaultTolerations.js';
import type { Engine } from './createEngine.js';
import { parseTime } from './parseTime.js';
import { podIPFor } from './podIP.js';
import type { PodState } from './types.js';

/** A fact the scheduler, kubelet, runtime or a controller would produce next for a Pod. */
export type NextAction = PodstateEvent & { stream: string };

/**
 * Options of {@link nextActions}. `probeDue(container, probe)`: whether a probe of that container
 * is due now (the kubelet probes every periodSeconds); a probe that is not due yields no result,
 * and the Pod's other facts still come. Default: every probe is due.
 */
export interface NextActionOptions {
  probeDue?: (container: string, probe: 'startup' | 'readiness') => boolean;
}

const running = (s: ContainerSlot) => isRunningState(s.value);

/** The action nextActions' helpers last found accepted by engine.check (cleared when nextActions returns it). */
let lastChecked: NextAction | undefined;
const checked = (a: NextAction): NextAction => {
  lastChecked = a;
  return a;
};

/**
 * When the taint manager (or, legacy, the node controller) evicts a Pod of a node lost at
 * `lostAt`: after the Pod's toleration of `unreachable:NoExecute` (300 s from the
 * DefaultTolerationSeconds admission unless the Pod says otherwise; without tolerationSeconds,
 * never). Pure.
 * @internal
 */
export function evictionDueAt(pod: PodCtx, lostAt: number): number {
  const t = pod.pod.spec.tolerations?.find((x) => toleratesNoExecute(x, TAINT_NODE_UNREACHABLE));
  const secs =
    t === undefined ? DEFAULT_TOLERATION_SECONDS : (t.tolerationSeconds ?? Number.POSITIVE_INFINITY);
  return lostAt + secs * 1000;
}

function scheduleAction(engine: Engine, p: PodState, at: string): NextAction | undefined {
  const stream = `pod/${p.ctx.uid}`;
  const env = engine.env;
  const registered = [...env.nodes.values()]
    .filter((n) => !n.implicit)
    .map((n) => n.name)
    .sort();
  const candidates = p.ctx.pod.spec.nodeName
    ? [p.ctx.pod.spec.nodeName]
    : registered.length > 0
      ? registered
      : ['node-1'];
  for (const node of candidates) {
    const a: NextAction = { stream, type: 'pod.scheduled', data: { node } };
    if (engine.check({ ...a, time: at }) === undefined) return checked(a);
  }
  const n = registered.length;
  // schedule_one.go schedulePod: with no node at all the scheduler fails with ErrNoNodesAvailable
  // before any filter runs; otherwise FitError's "0/N nodes are available: …".
  const message =
    n === 0
      ? 'no nodes available to schedule pods'
      : `0/${n} nodes are available: ${n} node(s) didn't match Pod's node affinity/selector. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
  // The scheduler records a Pod unschedulable once; nothing is produced twice (an explicit
  // pod.unschedulable step counts as well).
  return p.ctx.unschedulable !== undefined
    ? undefined
    : { stream, type: 'pod.unschedulable', data: { message } };
}

function stopAction(stream: string, p: PodCtx, now: number): NextAction | undefined {
  // The kubelet's SIGKILL time, not deletionTimestamp (a later, shorter deletion moves only that).
  const overdue = p.deletion !== undefined && now >= p.deletion.killDeadline;
  const exit = (s: ContainerSlot): NextAction => ({
    stream,
    type: 'container.exited',
    data: overdue
      ? { container: s.ctx.name, exitCode: 137, signal: 9 }
      : { container: s.ctx.name, exitCode: 0 },
  });
  for (const s of p.containers) {
    if (s.value === 'running.postStart')
      return { stream, type: 'container.poststart.succeeded', data: { container: s.ctx.name } };
  }
  for (const s of p.containers) {
    if (isPreStopState(s.value) && !overdue) {
      return { stream, type: 'container.prestop.completed', data: { container: s.ctx.name } };
    }
  }
  const nonSidecar = p.containers.find((s) => running(s) && s.ctx.role !== 'sidecar');
  if (nonSidecar) return exit(nonSidecar);
  const sidecars = p.containers.filter((s) => running(s) && s.ctx.role === 'sidecar');
  return sidecars.length > 0 ? exit(sidecars[sidecars.length - 1]!) : undefined;
}

function kubeletAction(
  engine: Engine,
  p: PodState,
  at: string,
  now: number,
  options: NextActionOptions,
): NextAction | undefined {
  const due = options.probeDue ?? (() => true);
  const ctx = p.ctx;
  const stream = `pod/${ctx.uid}`;
  const tryEvent = (a: NextAction): NextAction | undefined =>
    engine.check({ ...a, time: at }) === undefined ? checked(a) : undefined;
  for (const s of ctx.containers) {
    if (s.value === 'running.postStart')
      return { stream, type: 'container.poststart.succeeded', data: { container: s.ctx.name } };
  }
  if (podCompleting(ctx)) {
    const sidecars = ctx.containers.filter((s) => running(s) && s.ctx.role === 'sidecar');
    const last = sidecars[sidecars.length - 1];
    return last
      ? { stream, type: 'container.exited', data: { container: last.ctx.name, exitCode: 0 } }
      : undefined;
  }
  for (const s of ctx.containers) {
    const name = s.ctx.name;
    if (isWaitingState(s.value) || isTerminatedState(s.value)) {
      const started = tryEvent({ stream, type: 'container.started', data: { container: name } });
      if (started) return started;
      const needsPull = s.ctx.pullPolicy !== 'Never' && !s.ctx.pulled;
      const pulled = needsPull
        ? tryEvent({ stream, type: 'container.image.pulled', data: { container: name } })
        : undefined;
      if (pulled !== undefined) {
        // The same start was just refused (tryEvent above): `why` is that refusal.
        const why = engine.check({ stream, type: 'container.started', data: { container: name }, time: at })!;
        if (why.code === 'image_not_pulled' || why.code === 'image_absent') return pulled;
      }
      if (s.ctx.role === 'init' && !ctx.initialized && !isTerminatedState(s.value)) break;
    } else if (isStoppingState(s.value)) {
      // killContainer: preStop first (if any), then SIGTERM; a process without a handler dies
      // with 143, and the runtime's SIGKILL at the grace deadline gives 137.
      const overdue = now >= (s.ctx.kill?.deadline ?? now);
      if (isPreStopState(s.value) && !overdue)
        return { stream, type: 'container.prestop.completed', data: { container: name } };
      return {
        stream,
        type: 'container.exited',
        data: overdue ? { container: name, exitCode: 137, signal: 9 } : { container: name, exitCode: 143 },
      };
    } else {
      // running.up: a container in running.postStart returned its hook's success above.
      if (!isStartedState(s.value)) {
        if (due(name, 'startup'))
          return { stream, type: 'container.probe.succeeded', data: { container: name, probe: 'startup' } };
        continue;
      }
      if (!isReadyState(s.value) && due(name, 'readiness'))
        return { stream, type: 'container.probe.succeeded', data: { container: name, probe: 'readiness' } };
      if (s.ctx.role === 'init' && isReadyState(s.value))
        return { stream, type: 'container.exited', data: { container: name, exitCode: 0 } };
    }
  }
  return undefined;
}

/**
 * The natural next facts for one Pod at time `at` (RFC 3339), most urgent first: what the
 * scheduler, kubelet, runtime and controllers would do without anything failing. Never
 * failures, never user actions; nothing from the kubelet of a lost node. Pure (reads the engine).
 */
export function nextActions(
  engine: Engine,
  uid: string,
  at: string,
  options: NextActionOptions = {},
): NextAction[] {
  const p = engine.pods.get(uid);
  if (p === undefined) return [];
  const ctx = p.ctx;
  const stream = `pod/${uid}`;
  // parseTime gives Date.parse's answer, faster for the form generators write (toISOString's).
  const now = parseTime(at);
  const node = ctx.node === undefined ? undefined : engine.env.nodes.get(ctx.node);
  if (node?.lost) {
    if (
      ctx.deletion !== undefined ||
      ctx.terminalPhase !== undefined ||
      now < evictionDueAt(ctx, node.lostAt!)
    )
      return [];
    const data =
      engine.env.profile === 'legacy'
        ? {
            reason: 'NodeLost',
            message: `Node ${node.name} which was running pod ${ctx.name} is unresponsive`,
          }
        : { reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    return [{ stream, type: 'pod.evicted', data }];
  }
  let a: NextAction | undefined;
  switch (p.value) {
    case 'scheduling.queued':
    case 'scheduling.unschedulable':
      a = scheduleAction(engine, p, at);
      break;
    case 'sandbox.creating':
    case 'sandbox.creationFailed':
    case 'sandbox.recreating':
      a = { stream, type: 'pod.sandbox.ready', data: { podIP: podIPFor(uid, ctx.sandbox + 1) } };
      break;
    case 'containers.initializing':
    case 'containers.startingSidecars':
    case 'containers.startingApps':
    case 'containers.running':
      a = kubeletAction(engine, p, at, now, options);
      break;
    case 'terminating.stoppingContainers':
      a = stopAction(stream, ctx, now);
      break;
    case 'terminating.awaitingRemoval':
      a = { stream, type: 'pod.removed', data: {} };
      break;
  }
  if (a === undefined) return [];
  // An action already asked about (at this time, in this state) is not asked again.
  if (a === lastChecked) {
    lastChecked = undefined;
    return [a];
  }
  return engine.check({ ...a, time: at }) === undefined ? [a] : [];
}
