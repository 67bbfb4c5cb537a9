// Replay benchmark (issue 2 item 7): a deterministic log of 1,000,000 events over 10,000 Pods,
// built in memory by driving an engine with nextActions (natural facts) and enabledEvents
// (occasional failures), then replayed into a fresh engine. Floors: JSON.parse of the serialized
// lines, and a hand-written reducer over the same events. `--json` prints one JSON object a line.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createEngine, type RecordedEvent } from '@podstate/core';
import { generateLog } from './generateLog.js';
import { report } from './report.js';

/** `--cpu-prof-replay <file>`: write a V8 CPU profile of one engine replay (not the generator) to <file>. */
const profileAt = process.argv.indexOf('--cpu-prof-replay');
const profileFile = profileAt >= 0 ? process.argv[profileAt + 1] : undefined;
/** The hand-written floor: a switch over event types keeping a small record per Pod. */
function reduce(events: readonly RecordedEvent[]): number {
  interface C {
    state: number;
    restarts: number;
    ready: boolean;
  }
  interface P {
    phase: number;
    node?: string;
    ip?: string;
    containers: Map<string, C>;
  }
  const pods = new Map<string, P>();
  const c = (p: P, name: string) => {
    let x = p.containers.get(name);
    if (x === undefined) {
      x = { state: 0, restarts: -1, ready: false };
      p.containers.set(name, x);
    }
    return x;
  };
  for (const e of events) {
    if (e.stream.charCodeAt(0) !== 112) continue; // 'p': pod streams only
    const d = e.data as Record<string, string | number>;
    const p = pods.get(e.stream);
    if (e.type === 'pod.created') {
      pods.set(e.stream, { phase: 0, containers: new Map() });
      continue;
    }
    if (p === undefined) continue;
    switch (e.type) {
      case 'pod.scheduled':
        p.node = d.node as string;
        break;
      case 'pod.sandbox.ready':
        p.ip = d.podIP as string;
        p.phase = 1;
        break;
      case 'container.started': {
        const x = c(p, d.container as string);
        x.state = 1;
        x.restarts++;
        x.ready = false;
        break;
      }
      case 'container.exited':
        c(p, d.container as string).state = d.exitCode === 0 ? 2 : 3;
        break;
      case 'container.probe.succeeded':
        if (d.probe === 'readiness') c(p, d.container as string).ready = true;
        break;
      case 'container.probe.failed':
        if (d.probe === 'readiness') c(p, d.container as string).ready = false;
        break;
      case 'pod.deletion.requested':
        p.phase = 4;
        break;
      case 'pod.removed':
        pods.delete(e.stream);
        break;
    }
  }
  return pods.size;
}

/** Best of `runs` timings of `fn` (events per second), after a GC so runs start alike. */
function best(runs: number, n: number, fn: () => void): number {
  let s = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    fn();
    s = Math.min(s, (performance.now() - t) / 1000);
  }
  return n / s;
}

/** Replays the log into a fresh engine; returns the number of live Pods at the end. */
function replayAll(events: readonly RecordedEvent[]): number {
  const engine = createEngine();
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`replay refused seq ${e.seq}: ${r.rejection.message}`);
  }
  return engine.pods.size;
}

/** One replay under the inspector's CPU profiler, written as a .cpuprofile for DevTools or speedscope. */
async function profileReplay(events: readonly RecordedEvent[], file: string): Promise<void> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (err, res) => (err ? reject(err) : resolve(res))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  replayAll(events);
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

const tg = performance.now();
const { events, pods } = generateLog();
const generateSeconds = (performance.now() - tg) / 1000;
const lines = events.map((e) => JSON.stringify(e));
const n = events.length;
let live = 0;
const eventsPerSecond = best(3, n, () => {
  live = replayAll(events);
});
if (profileFile !== undefined) await profileReplay(events, profileFile);
let sink = 0;
const parseFloorPerSecond = best(3, n, () => {
  for (const l of lines) sink += (JSON.parse(l) as RecordedEvent).seq;
});
const reducerFloorPerSecond = best(3, n, () => {
  sink += reduce(events);
});
const result = {
  name: 'replay',
  events: n,
  pods,
  eventsPerSecond,
  parseFloorPerSecond,
  reducerFloorPerSecond,
  ratioToReducer: eventsPerSecond / reducerFloorPerSecond,
  ratioToParse: eventsPerSecond / parseFloorPerSecond,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  livePodsAtEnd: live,
  generateSeconds,
  target: 150_000,
};
if (sink === -1) console.error(sink);
report(result);
