import { createEngine, type Engine } from '../engine/createEngine.js';
import { normalizeImageRef } from '../engine/imageRef.js';
import type { PodState } from '../engine/types.js';
import type { ContainerSlot } from '../machines/types.js';
import { needs } from './clusterInvariants.js';
import {
  type ClusterModel,
  createClusterModel,
  foldCluster,
  isRunning,
  PodMemos,
  removes,
  runChecker,
  type StepChecker,
  slotNamed,
  type Violation,
} from './invariantModel.js';
import type { Trace, TraceStep } from './trace.js';

type Checker = (trace: Trace) => Violation[];
const slots = (p: PodState | undefined): ContainerSlot[] => p?.ctx.containers ?? [];

/** One container as the value checkers see it, by container index. */
interface ContainerFacts {
  starts: number;
  startedAt?: number;
  startGen?: number;
  /** Exit code of the last run: the event's, or 137 for a run the kubelet killed (killRunning, kill). */
  exit?: number;
}

/** What the value checkers know of one Pod: its sandbox generation and its containers' facts. */
interface PodFacts {
  gen: number;
  containers: ContainerFacts[];
  /** I17: whether each container's startup probe has passed in its current run. */
  startup: (boolean | undefined)[];
}

/**
 * What the value checkers know of each container, rebuilt from the trace's own events (never from
 * the engine's counters): how often it started, in which sandbox, and how its last run ended.
 * Forgets a Pod once it is removed.
 */
class ContainerModel {
  readonly pods = new PodMemos<PodFacts>(() => ({ gen: 0, containers: [], startup: [] }));
  /** Folds one accepted step; call after the checks that need the state before it. Returns the Pod's facts. */
  fold(s: TraceStep): PodFacts | undefined {
    if (!s.ok || s.uid === undefined) return undefined;
    const f = this.pods.get(s.uid);
    const { type, data } = s.event;
    if (type === 'pod.sandbox.ready') f.gen++;
    for (const o of slots(s.after)) {
      const k = o.ctx.index;
      let c = f.containers[k];
      if (c === undefined) {
        c = { starts: 0 };
        f.containers[k] = c;
      }
      const was = s.before?.ctx.containers[k];
      if (type === 'container.started' && data.container === o.ctx.name) {
        c.starts++;
        c.startedAt = s.time;
        c.startGen = f.gen;
        c.exit = undefined;
      } else if (type === 'container.exited' && data.container === o.ctx.name)
        c.exit = data.exitCode as number;
      else if (isRunning(was) && !isRunning(o)) c.exit = 137;
    }
    return f;
  }
  /** Forgets the Pod of a removal step (call last). */
  done(s: TraceStep): void {
    if (s.uid !== undefined && removes(s)) this.pods.forget(s.uid);
  }
}

/** The kubelet eviction (eviction_manager evictPod: reason Evicted) forces phase Failed. */
const evictedByKubelet = (p: PodState | undefined) => p?.ctx.statusReason?.reason === 'Evicted';

/**
 * I16: the terminal phase has the right value at the right time (getPhase with podIsTerminal,
 * kubelet_pods.go; lifecycle.md §2, §10). When a Pod turns terminal no container runs, and the
 * phase is Succeeded exactly when it was not evicted by the kubelet, no regular init container
 * failed under restartPolicy Never, and every app container's last run exited 0 (sidecars'
 * exit codes do not count). And a Pod turns terminal as soon as the rules say: bound to a
 * present node, nothing running, and either deletion requested or every app container finished
 * for good (Never: exited; OnFailure: exited 0) or a regular init container failed under Never.
 * Exit codes come from the trace's own container.exited events (a kill is 137).
 */
export const checkI16: Checker = (trace) => runChecker(new I16Checker(), trace.steps);

/** I16, fed step by step: see {@link checkI16}. */
export class I16Checker implements StepChecker {
  private readonly m = new ContainerModel();
  private readonly cluster = createClusterModel();
  get pods(): number {
    return this.m.pods.size;
  }
  step(s: TraceStep, i: number, out: Violation[]): void {
    foldCluster(this.cluster, s);
    const f = this.m.fold(s);
    const p = s.after;
    if (f !== undefined && p !== undefined && p.value !== 'removed') this.check(s, p, f, i, out);
    this.m.done(s);
  }
  private check(s: TraceStep, p: PodState, f: PodFacts, i: number, out: Violation[]): void {
    const bad = (message: string) => out.push({ invariant: 'I16', step: i, message });
    const exit = (c: ContainerSlot) => f.containers[c.ctx.index]?.exit;
    const policy = p.ctx.restartPolicy;
    const apps = slots(p).filter((c) => c.ctx.role === 'app');
    const initFailed =
      policy === 'Never' &&
      slots(p).some((c) => c.ctx.role === 'init' && !isRunning(c) && (exit(c) ?? 0) !== 0);
    const running = slots(p).filter(isRunning);
    const now = p.ctx.terminalPhase;
    const was = s.before?.ctx.terminalPhase;
    if (now !== undefined && was === undefined) {
      if (running.length > 0) bad(`phase ${now} while "${running[0]!.ctx.name}" still runs`);
      const failedApp = apps.find((c) => exit(c) !== 0);
      const want = evictedByKubelet(p) || initFailed || failedApp !== undefined ? 'Failed' : 'Succeeded';
      if (now !== want) {
        const why = evictedByKubelet(p)
          ? 'the kubelet evicted it'
          : initFailed
            ? 'an init container failed under restartPolicy Never'
            : failedApp !== undefined
              ? `app container "${failedApp.ctx.name}" last ${exit(failedApp) === undefined ? 'never exited' : `exited ${exit(failedApp)}`}`
              : 'every app container exited 0';
        bad(`phase ${now}, but ${why}: getPhase says ${want}`);
      }
    }
    if (now === undefined && p.ctx.node !== undefined && running.length === 0) {
      const node = this.cluster.nodes.get(p.ctx.node);
      const present = node !== undefined && !node.lost;
      const done = (c: ContainerSlot) =>
        (f.containers[c.ctx.index]?.starts ?? 0) > 0 &&
        (policy === 'Never' || (policy === 'OnFailure' && exit(c) === 0));
      const appsDone = p.ctx.initialized && apps.every(done);
      if (present && (p.ctx.deletion !== undefined || appsDone || initFailed))
        bad(
          `nothing runs and ${p.ctx.deletion ? 'deletion was requested' : appsDone ? 'every app container finished for good' : 'an init container failed under Never'}, yet the phase is not terminal`,
        );
    }
  }
}

/** Longest crash-loop or image-pull back-off (MaxContainerBackOff, 300 s), plus a millisecond. */
const PAST_BACKOFF_MS = 300_001;

function nodeOk(cluster: ClusterModel, name: string | undefined): boolean {
  const n = name === undefined ? undefined : cluster.nodes.get(name);
  return n !== undefined && !n.lost;
}

function objectsPresent(cluster: ClusterModel, p: PodState, c: ContainerSlot): boolean {
  for (const [ref, keys] of needs(p.ctx.pod, c.ctx.spec)) {
    const [kind, name] = ref.split('/');
    const have = cluster.objects.get(`${kind}/${p.ctx.namespace}/${name}`);
    if (have === undefined || keys.some((k) => !have.has(k))) return false;
  }
  return true;
}

/**
 * I17: the engine is not too strict. After every accepted step, the facts the kubelet or the
 * scheduler would produce next are accepted (checked with engine.check on a replay):
 * - a Pod with `spec.nodeName`, ungated and unbound, binds to that node once it is registered and
 *   ready (the scheduler is bypassed; NodeName.Filter);
 * - a sidecar that exited restarts after its back-off (computeInitContainerActions restarts
 *   restartable init containers whatever the Pod's restartPolicy), even while apps run;
 * - an app container that exited and whose restartPolicy restarts it (Always; OnFailure after a
 *   non-zero exit) restarts after its back-off, whatever the sidecars do (computePodActions);
 * - a running, started container whose readiness probe has not passed accepts a readiness
 *   success (worker.doProbe).
 * Each holds on a live sandbox on a present node, outside deletion, while no postStart hook runs
 * (startContainer runs it synchronously, so nothing else starts until it returns), with the container's
 * Secrets/ConfigMaps present and its `imagePullPolicy: Never` image on the node. "After its
 * back-off" is 300 s + 1 ms after the step, past the longest back-off.
 */
export const checkI17: Checker = (trace) =>
  progressViolations(trace, createEngine({ profile: trace.profile }));

/** I17 against a given fresh engine (a test hands it a too-strict one to show the checker fails). */
export function progressViolations(trace: Trace, engine: Engine): Violation[] {
  const out: Violation[] = [];
  const checker = new I17Checker(engine);
  trace.steps.forEach((s, i) => {
    engine.apply(s.event);
    checker.step(s, i, out);
  });
  return out;
}

/**
 * I17, fed step by step. It asks `engine` (engine.check, which changes nothing), so the caller
 * keeps `engine` in the state just after each step it hands over: a replay of the same events.
 */
export class I17Checker implements StepChecker {
  private readonly m = new ContainerModel();
  private readonly cluster = createClusterModel();
  constructor(private readonly engine: Engine) {}
  get pods(): number {
    return this.m.pods.size;
  }
  step(s: TraceStep, i: number, out: Violation[]): void {
    foldCluster(this.cluster, s);
    const f = this.m.fold(s);
    if (f !== undefined) this.check(s, s.uid!, f, i, out);
    this.m.done(s);
  }
  private check(s: TraceStep, uid: string, f: PodFacts, i: number, out: Violation[]): void {
    const { engine, cluster } = this;
    const { type, data } = s.event;
    const sl = slotNamed(s.after, data.container);
    if (sl !== undefined) {
      if (type === 'container.started') f.startup[sl.ctx.index] = sl.ctx.spec.startupProbe === undefined;
      if (type === 'container.probe.succeeded' && data.probe === 'startup') f.startup[sl.ctx.index] = true;
    }
    const p = engine.pods.get(uid);
    if (p === undefined || p.ctx.deletion !== undefined || p.ctx.terminalPhase !== undefined) return;
    const spec = p.ctx.pod.spec;
    const refused = (event: { type: string; data: Record<string, unknown> }, at: number) =>
      engine.check({ stream: `pod/${uid}`, time: new Date(at).toISOString(), ...event });
    const bad = (message: string) => out.push({ invariant: 'I17', step: i, message });
    if (p.ctx.node === undefined) {
      const name = spec.nodeName;
      const n = name === undefined ? undefined : cluster.nodes.get(name);
      const selected = Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => n?.labels[k] === v);
      if (name !== undefined && n !== undefined && !n.lost && selected && !spec.schedulingGates?.length) {
        const r = refused({ type: 'pod.scheduled', data: { node: name } }, s.time + 1000);
        if (r !== undefined) bad(`pod.scheduled to spec.nodeName "${name}" refused: ${r.message}`);
      }
      return;
    }
    if (p.ctx.podIP === undefined || !nodeOk(cluster, p.ctx.node)) return;
    const policy = p.ctx.restartPolicy;
    const facts = (c: ContainerSlot) => f.containers[c.ctx.index];
    const exit = (c: ContainerSlot) => facts(c)?.exit;
    const finishedForGood = (c: ContainerSlot) =>
      !isRunning(c) &&
      (facts(c)?.starts ?? 0) > 0 &&
      (policy === 'Never' || (policy === 'OnFailure' && exit(c) === 0));
    const containers = p.ctx.containers;
    // Every app finished (computePodActions then stops the Pod), or an init failed under Never.
    const completing =
      (p.ctx.initialized && containers.every((c) => c.ctx.role !== 'app' || finishedForGood(c))) ||
      (policy === 'Never' &&
        containers.some((c) => c.ctx.role === 'init' && !isRunning(c) && (exit(c) ?? 0) !== 0));
    if (completing) return;
    // startContainer runs a postStart hook synchronously: the kubelet starts nothing else until it returns.
    const hookRuns = containers.some((c) => c.value.startsWith('running.postStart'));
    const gen = f.gen;
    for (const c of containers) {
      if (isRunning(c)) {
        const up = !c.value.startsWith('running.postStart') && c.ctx.kill === undefined;
        if (
          up &&
          c.ctx.spec.readinessProbe &&
          f.startup[c.ctx.index] &&
          !c.value.includes('.readiness.ready')
        ) {
          const r = refused(
            { type: 'container.probe.succeeded', data: { container: c.ctx.name, probe: 'readiness' } },
            s.time + 1000,
          );
          if (r !== undefined) bad(`readiness success of "${c.ctx.name}" refused: ${r.message}`);
        }
        continue;
      }
      const cf = facts(c);
      if (hookRuns || (cf?.starts ?? 0) === 0 || cf?.startGen !== gen) continue;
      const restarts =
        c.ctx.role === 'sidecar' ||
        (c.ctx.role === 'app' && (policy === 'Always' || (policy === 'OnFailure' && exit(c) !== 0)));
      if (!restarts || !objectsPresent(cluster, p, c)) continue;
      if (c.ctx.pullPolicy === 'Never') {
        const images = cluster.nodes.get(p.ctx.node)?.images;
        if (!images?.has(normalizeImageRef(c.ctx.image))) continue;
      }
      const at = s.time + PAST_BACKOFF_MS;
      const start = refused({ type: 'container.started', data: { container: c.ctx.name } }, at);
      // A start may wait for its image pull (imagePullPolicy Always pulls before every start).
      const pull =
        start?.code === 'image_not_pulled'
          ? refused({ type: 'container.image.pulled', data: { container: c.ctx.name } }, at)
          : start;
      if (pull !== undefined)
        bad(
          `${c.ctx.role} container "${c.ctx.name}" exited and should restart after its back-off, but ${start!.code === 'image_not_pulled' ? `its image pull is refused: ${pull.message}` : `its start is refused: ${start!.message}`}`,
        );
    }
  }
}
