// A big log, fast (5M events in well under a minute of generation): a few Pod lifecycles are
// recorded once by driving an engine (natural facts from nextActions, now and then a crash, a
// liveness failure or a sandbox death, then deletion and removal), and then replayed as "waves":
// WAVE Pods at a time each follow one recorded lifecycle with its own timing (so every back-off and
// grace period holds as recorded), interleaved by time, spread over the nodes, each Pod removed
// at its end. Memory stays bounded by the Pods alive; the log replays cleanly and keeps every
// invariant. PODSTATE_BENCH_WAVE sets the Pods per wave (default 500).
import { createEngine, type EventInput, enabledEvents, nextActions } from '@podstate/core';
import { seededRandom } from '@podstate/core/testing';

const NODES = 20;
const WAVE = Number(process.env.PODSTATE_BENCH_WAVE ?? 500);
const T0 = Date.UTC(2026, 0, 1);
const http = { httpGet: { path: '/healthz', port: 8080 } };
const IMAGES = ['nginx:1.25', 'busybox:1.36'];

/** Pod templates: probes, an init container, a native sidecar, pulls on every start, a job. */
const manifests = [
  {
    namespace: 'default',
    spec: { containers: [{ name: 'web', image: 'nginx:1.25', readinessProbe: http, livenessProbe: http }] },
  },
  {
    namespace: 'shop',
    spec: {
      initContainers: [{ name: 'migrate', image: 'busybox:1.36' }],
      containers: [
        { name: 'api', image: 'registry.local/api:2.1', imagePullPolicy: 'Always', livenessProbe: http },
      ],
    },
  },
  {
    namespace: 'mesh',
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
  },
  {
    namespace: 'batch',
    spec: { restartPolicy: 'OnFailure', containers: [{ name: 'job', image: 'busybox:1.36' }] },
  },
];

/** One recorded Pod lifecycle: its events after pod.created, each `dt` ms after the creation. */
interface Recorded {
  manifest: (typeof manifests)[number];
  events: { type: string; data: Record<string, unknown>; dt: number }[];
}

function nodeName(i: number): string {
  return `node-${String(1 + (i % NODES)).padStart(2, '0')}`;
}

/** Drives one Pod alone from creation to removal (about `budget` events), recording its facts. */
function record(k: number, budget: number, rnd: () => number): Recorded {
  const manifest = manifests[k % manifests.length]!;
  const engine = createEngine();
  let now = T0;
  for (let i = 0; i < NODES; i++)
    engine.apply({
      stream: `node/${nodeName(i)}`,
      type: 'node.registered',
      time: new Date(now).toISOString(),
      data: { node: nodeName(i), images: IMAGES },
    });
  const uid = 'template';
  const stream = `pod/${uid}`;
  const created = now;
  engine.apply({
    stream,
    type: 'pod.created',
    time: new Date(now).toISOString(),
    data: { manifest: { metadata: { name: 't', namespace: manifest.namespace }, spec: manifest.spec } },
  });
  const events: Recorded['events'] = [];
  const emit = (type: string, data: Record<string, unknown>): boolean => {
    const r = engine.apply({ stream, type, time: new Date(now).toISOString(), data });
    if (r.ok) events.push({ type, data, dt: now - created });
    return r.ok;
  };
  for (let guard = 0; guard < 10_000 && engine.pods.has(uid); guard++) {
    now += 1000 + Math.floor(rnd() * 4000);
    const state = engine.pods.get(uid)!;
    const at = new Date(now).toISOString();
    if (events.length >= budget && state.ctx.deletion === undefined) {
      emit('pod.deletion.requested', rnd() < 0.5 ? {} : { gracePeriodSeconds: 5 });
      continue;
    }
    if (state.value.startsWith('containers.') && rnd() < 0.04) {
      const failures = enabledEvents(engine, uid, at).filter(
        (a) =>
          (a.type === 'container.exited' && a.data.exitCode === 1) ||
          (a.type === 'container.probe.failed' && a.data.probe === 'liveness') ||
          (a.type === 'pod.sandbox.died' && rnd() < 0.1),
      );
      const f = failures[Math.floor(rnd() * failures.length)];
      if (f !== undefined && emit(f.type, f.data)) continue;
    }
    const [next] = nextActions(engine, uid, at);
    if (next !== undefined) {
      emit(next.type, next.data);
      continue;
    }
    if (state.value.startsWith('finished.') && state.ctx.deletion === undefined) {
      emit('pod.deletion.requested', {});
      continue;
    }
    const running = state.ctx.containers.filter(
      (s) => s.value.startsWith('running.up') && s.value.includes('.startup.passed'),
    );
    const s = running[Math.floor(rnd() * running.length)];
    const probe =
      s?.ctx.spec.livenessProbe && rnd() < 0.5
        ? 'liveness'
        : s?.ctx.spec.readinessProbe
          ? 'readiness'
          : undefined;
    if (s !== undefined && probe !== undefined)
      emit('container.probe.succeeded', { container: s.ctx.name, probe });
  }
  if (engine.pods.has(uid)) throw new Error(`template ${k} never ended`);
  return { manifest, events };
}

/**
 * Yields `total` events (a little more: the last wave ends its Pods): the nodes, then waves of
 * Pods each replaying a recorded lifecycle. Deterministic for a seed.
 */
export function* generateWaveLog(total: number, seed = 20260101): Generator<EventInput> {
  const rnd = seededRandom(seed);
  const templates = Array.from({ length: 16 }, (_, k) => record(k, 40 + Math.floor(rnd() * 100), rnd));
  let t = T0;
  let n = 0;
  for (let i = 0; i < NODES; i++) {
    n++;
    yield {
      stream: `node/${nodeName(i)}`,
      type: 'node.registered',
      time: new Date(t).toISOString(),
      data: { node: nodeName(i), images: IMAGES },
    };
  }
  let pods = 0;
  while (n < total) {
    const start = t + 1000;
    const wave: { uid: string; rec: Recorded; name: string; node: string }[] = [];
    for (let j = 0; j < WAVE; j++) {
      pods++;
      wave.push({
        uid: `00000000-0000-4000-a000-${pods.toString(16).padStart(12, '0')}`,
        rec: templates[Math.floor(rnd() * templates.length)]!,
        name: `pod-${pods}`,
        node: nodeName(pods),
      });
    }
    // Creations first (at the wave's start), then every Pod's facts merged by time.
    for (const p of wave) {
      n++;
      const m = p.rec.manifest;
      yield {
        stream: `pod/${p.uid}`,
        type: 'pod.created',
        time: new Date(start).toISOString(),
        data: { manifest: { metadata: { name: p.name, namespace: m.namespace }, spec: m.spec } },
      };
    }
    const order: [number, number, number][] = [];
    wave.forEach((p, j) => {
      p.rec.events.forEach((e, k) => {
        order.push([e.dt, j, k]);
      });
    });
    order.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [dt, j, k] of order) {
      const p = wave[j]!;
      const e = p.rec.events[k]!;
      t = start + dt;
      n++;
      const data = e.type === 'pod.scheduled' ? { node: p.node } : e.data;
      yield { stream: `pod/${p.uid}`, type: e.type, time: new Date(t).toISOString(), data };
    }
  }
}
