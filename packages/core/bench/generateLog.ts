// The replay benchmarks' log: 1,000,000 events over 10,000 Pods by default (PODSTATE_BENCH_EVENTS,
// PODSTATE_BENCH_PODS), built deterministically by driving an engine with nextActions (natural
// facts) and enabledEvents (occasional failures), interleaving Pods and removing them so memory
// stays bounded by the Pods alive.
import { createEngine, type Engine, enabledEvents, nextActions, type RecordedEvent } from '@podstate/core';
import { seededRandom } from '@podstate/core/testing';

const EVENTS = Number(process.env.PODSTATE_BENCH_EVENTS ?? 1_000_000);
const PODS = Number(process.env.PODSTATE_BENCH_PODS ?? 10_000);
const LIVE = 500;
const NODES = 20;
const SEED = Number(process.env.PODSTATE_SEED ?? 20260101);
const T0 = Date.UTC(2026, 0, 1);
const STEP_MS = 20;

const http = { httpGet: { path: '/healthz', port: 8080 } };
/** Pod templates: probes, an init container, a native sidecar, pulls on every start, a job. */
const templates = [
  (name: string) => ({
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25', readinessProbe: http, livenessProbe: http }] },
  }),
  (name: string) => ({
    metadata: { name, namespace: 'shop' },
    spec: {
      initContainers: [{ name: 'migrate', image: 'busybox:1.36' }],
      containers: [
        { name: 'api', image: 'registry.local/api:2.1', imagePullPolicy: 'Always', livenessProbe: http },
      ],
    },
  }),
  (name: string) => ({
    metadata: { name, namespace: 'mesh' },
    spec: {
      initContainers: [
        {
          name: 'proxy',
          image: 'envoy:1.30',
          restartPolicy: 'Always',
          startupProbe: http,
          readinessProbe: http,
        },
      ],
      containers: [{ name: 'app', image: 'app:3', readinessProbe: http }],
    },
  }),
  (name: string) => ({
    metadata: { name, namespace: 'batch' },
    spec: { restartPolicy: 'OnFailure', containers: [{ name: 'job', image: 'busybox:1.36' }] },
  }),
];

interface LivePod {
  uid: string;
  /** Events after which the Pod is deleted (while Pods remain to be created). */
  budget: number;
  emitted: number;
  /** Event time before which an idle Pod (e.g. in back-off) is not asked again. */
  sleepUntil: number;
}

/** Builds the log by driving a generator engine; returns RecordedEvents in seq order. */
export function generateLog(): { events: RecordedEvent[]; pods: number } {
  const rnd = seededRandom(SEED);
  const engine: Engine = createEngine();
  const events: RecordedEvent[] = [];
  const revs = new Map<string, number>();
  let now = T0;
  const emit = (stream: string, type: string, data: Record<string, unknown>): boolean => {
    const time = new Date(now).toISOString();
    const seq = events.length + 1;
    const r = engine.apply({ stream, type, time, data, seq });
    if (!r.ok) return false;
    const rev = (revs.get(stream) ?? 0) + 1;
    revs.set(stream, rev);
    const id = `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
    events.push({ v: 1, seq, stream, rev, id, type, sv: 1, time, data });
    now += STEP_MS;
    return true;
  };
  for (let i = 1; i <= NODES; i++) {
    const node = `node-${String(i).padStart(2, '0')}`;
    emit(`node/${node}`, 'node.registered', {
      node,
      labels: { zone: `z${i % 3}` },
      images: i % 2 ? ['nginx:1.25'] : [],
    });
  }
  const live: LivePod[] = [];
  let created = 0;
  const spawn = () => {
    const uid = `00000000-0000-4000-a000-${(++created).toString(16).padStart(12, '0')}`;
    const manifest = templates[created % templates.length]!(`pod-${created}`);
    if (!emit(`pod/${uid}`, 'pod.created', { manifest })) throw new Error(`pod.created refused for ${uid}`);
    live.push({ uid, budget: 40 + Math.floor(rnd() * 100), emitted: 1, sleepUntil: 0 });
  };
  while (live.length < LIVE && created < PODS) spawn();
  let idle = 0;
  while (events.length < EVENTS && live.length > 0) {
    const k = Math.floor(rnd() * live.length);
    const p = live[k]!;
    if (now < p.sleepUntil) {
      idle++;
      if (idle > 4 * live.length) {
        // Every live Pod waits (back-off): only time passes.
        emit('cluster', 'clock.advanced', {});
        now += 5_000;
        idle = 0;
      }
      continue;
    }
    const before = events.length;
    step(engine, p, emit, rnd, now, created < PODS);
    if (!engine.pods.has(p.uid)) {
      live[k] = live[live.length - 1]!;
      live.pop();
      if (created < PODS) spawn();
    }
    if (events.length > before) {
      p.emitted += events.length - before;
      idle = 0;
    } else {
      p.sleepUntil = now + 5_000;
    }
  }
  return { events, pods: created };
}

type Emit = (stream: string, type: string, data: Record<string, unknown>) => boolean;

/** One move for one Pod: a failure now and then, else its next natural fact, else a probe. */
function step(
  engine: Engine,
  p: LivePod,
  emit: Emit,
  rnd: () => number,
  now: number,
  deleting: boolean,
): void {
  const at = new Date(now).toISOString();
  const stream = `pod/${p.uid}`;
  const state = engine.pods.get(p.uid)!;
  if (deleting && p.emitted >= p.budget && state.ctx.deletion === undefined) {
    emit(stream, 'pod.deletion.requested', rnd() < 0.5 ? {} : { gracePeriodSeconds: 5 });
    return;
  }
  if (state.value.startsWith('containers.') && rnd() < 0.03) {
    const failures = enabledEvents(engine, p.uid, at).filter(
      (a) =>
        (a.type === 'container.exited' && a.data.exitCode === 1) ||
        (a.type === 'container.probe.failed' && a.data.probe === 'liveness') ||
        (a.type === 'pod.sandbox.died' && rnd() < 0.1),
    );
    const f = failures[Math.floor(rnd() * failures.length)];
    if (f !== undefined && emit(stream, f.type, f.data)) return;
  }
  const [next] = nextActions(engine, p.uid, at);
  if (next !== undefined) {
    const data =
      next.type === 'pod.scheduled'
        ? { node: `node-${String(1 + Math.floor(rnd() * NODES)).padStart(2, '0')}` }
        : next.data;
    emit(stream, next.type, data);
    return;
  }
  if (!state.value.startsWith('containers.')) {
    if (state.value.startsWith('finished.') && state.ctx.deletion === undefined)
      emit(stream, 'pod.deletion.requested', {});
    return;
  }
  // Steady state: the prober reports. Pick a running container with a probe that runs now.
  const running = state.ctx.containers.filter(
    (s) => s.value.startsWith('running.up') && s.value.includes('.startup.passed'),
  );
  const s = running[Math.floor(rnd() * running.length)];
  if (s === undefined) return;
  const probe =
    s.ctx.spec.livenessProbe && rnd() < 0.5
      ? 'liveness'
      : s.ctx.spec.readinessProbe
        ? 'readiness'
        : undefined;
  if (probe !== undefined) emit(stream, 'container.probe.succeeded', { container: s.ctx.name, probe });
}
