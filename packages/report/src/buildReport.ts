import {
  containerMachine,
  type Engine,
  type PodState,
  podMachine,
  type Transition,
  toChartJSON,
} from '@podstate/core';
import {
  type ContainerState,
  type KubeEvent,
  type PodObject,
  type PodRow,
  printPod,
  StatusProjection,
  TimelineProjection,
} from '@podstate/projections';

/** One stretch of time with the same value: a container state, a phase, a condition status. */
export interface Segment {
  from: number;
  to: number;
  /** CSS class suffix: `absent`, `waiting`, `waiting-crash`, `waiting-pull`, `running-ready`, `running-unready`, `terminated-ok`, `terminated-error`, phase or condition values. */
  kind: string;
  /** What a user reads: `Waiting: CrashLoopBackOff`, `Running, ready`, `Terminated: exit 1 (Error)`. */
  label: string;
  /** The facts behind it (first ones, at most MAX_FACTS), as indices into `PodReport.facts`. */
  facts: number[];
  /** Still so at the end of the report (drawn to the edge). */
  open?: boolean;
}

/** A point on a lane: a restart or a probe result. */
export interface Mark {
  time: number;
  kind: 'restart' | 'probe-succeeded' | 'probe-failed';
  label: string;
  /** Indices into `PodReport.facts`. */
  facts: number[];
}

/** One container's lane. */
export interface Lane {
  container: string;
  role: 'init' | 'sidecar' | 'app';
  segments: Segment[];
  marks: Mark[];
}

/** A band: the Pod's phase, or one condition. */
export interface Band {
  name: string;
  segments: Segment[];
}

/** The Pod at one point: its status and `kubectl get pods` row after the fact at `seq`. */
export interface Snapshot {
  time: number;
  seq: number;
  status: PodObject['status'];
  row: PodRow;
}

/** A state of a statechart and how often the Pod (or container) entered it. */
export interface ChartVisit {
  state: string;
  visits: number;
}

/** One Pod's report. */
export interface PodReport {
  uid: string;
  namespace: string;
  name: string;
  from: number;
  to: number;
  phase: Band;
  conditions: Band[];
  lanes: Lane[];
  events: KubeEvent[];
  /** Each fact about the Pod as one line (`seq 12 · time · type data`), referenced by index. */
  facts: string[];
  /** The Pod object without status (metadata and defaulted spec), as last seen. */
  object: Omit<PodObject, 'status'>;
  snapshots: Snapshot[];
  /** Every atomic state of the Pod chart with visits, and the path of states it passed through. */
  podChart: { states: ChartVisit[]; path: string[] };
  containerCharts: { container: string; states: ChartVisit[]; path: string[] }[];
}

/** What a report shows. */
export interface ReportData {
  /** The instant the report ends at (ms): the log's last event or `--at`. */
  end: number;
  pods: PodReport[];
}

/** At most this many facts are kept per segment (a segment may span thousands of probes). */
export const MAX_FACTS = 12;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The state value of a chart as dotted leaf paths (`running.up`); parallel regions joined by ` | `. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const leaves: string[] = [];
  const walk = (v: unknown, prefix: string) => {
    if (typeof v === 'string') leaves.push(prefix ? `${prefix}.${v}` : v);
    else if (typeof v === 'object' && v !== null)
      for (const [k, child] of Object.entries(v)) walk(child, prefix ? `${prefix}.${k}` : k);
  };
  walk(value, '');
  return leaves.join(' | ');
}

/** A fact as one line, with Secret and ConfigMap data left out (their values never reach a report). */
export function describeFact(t: Transition): string {
  const e = t.event;
  const head = `${e.seq === undefined ? '' : `seq ${e.seq} · `}${iso(t.time)} · ${e.type}`;
  if (e.type.startsWith('secret.') || e.type.startsWith('configmap.')) return `${head} ${e.stream}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(e.data)) {
    if (k === 'manifest') continue;
    parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.length > 0 ? `${head} ${parts.join(' ')}` : head;
}

function containerLook(state: ContainerState | undefined, ready: boolean): { kind: string; label: string } {
  if (state?.running)
    return ready
      ? { kind: 'running-ready', label: 'Running, ready' }
      : { kind: 'running-unready', label: 'Running, not ready' };
  if (state?.terminated) {
    const t = state.terminated;
    return {
      kind: t.exitCode === 0 ? 'terminated-ok' : 'terminated-error',
      label: `Terminated: exit ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}`,
    };
  }
  const reason = state?.waiting?.reason ?? '';
  const kind = /CrashLoop|RunContainerError|CreateContainer/.test(reason)
    ? 'waiting-crash'
    : /Image|Pull/.test(reason)
      ? 'waiting-pull'
      : 'waiting';
  return { kind, label: reason ? `Waiting: ${reason}` : 'Waiting' };
}

class SegmentTrack {
  readonly segments: Segment[] = [];
  private current?: Segment;

  observe(time: number, kind: string, label: string, fact: number): void {
    const c = this.current;
    if (c !== undefined && c.kind === kind && c.label === label) {
      if (c.facts.length < MAX_FACTS) c.facts.push(fact);
      return;
    }
    if (c !== undefined) c.to = time;
    const s: Segment = { from: time, to: time, kind, label, facts: [fact] };
    this.segments.push(s);
    this.current = s;
  }

  close(time: number, open = false): void {
    if (this.current !== undefined) {
      this.current.to = Math.max(this.current.to, time);
      if (open) this.current.open = true;
    }
    this.current = undefined;
  }
}

interface Tracked {
  report: PodReport;
  phase: SegmentTrack;
  conditions: Map<string, SegmentTrack>;
  lanes: Map<string, { lane: Lane; track: SegmentTrack; restarts: number }>;
  podVisits: Map<string, number>;
  containerVisits: Map<string, { visits: Map<string, number>; path: string[] }>;
  alive: boolean;
}

/** Which Pods a report shows: a namespace (undefined: all) and names (undefined: all). */
export interface ReportSelection {
  namespace?: string;
  pods?: readonly string[];
}

const atomicStates = (machine: Parameters<typeof toChartJSON>[0]) =>
  toChartJSON(machine)
    .states.filter((s) => s.type === 'atomic' || s.type === 'final')
    .map((s) => s.id);

/**
 * Folds the engine's transitions into what the HTML report draws: per Pod a lane per container
 * with its state segments (the facts behind each), restart and probe marks, a band for the phase
 * and one per condition, the Kubernetes Events, the Pod's status and kubectl row after every fact
 * (for the time cursor), and the statechart states passed through. Deterministic: time comes from
 * the events. Call `observe` after each accepted event, then `finish`.
 */
export class ReportBuilder {
  private readonly status = new StatusProjection();
  private readonly timeline = new TimelineProjection();
  private readonly tracked = new Map<string, Tracked>();
  private readonly podStates = atomicStates(podMachine);
  private readonly containerStates = atomicStates(containerMachine);

  constructor(private readonly selection: ReportSelection = {}) {}

  private selected(state: PodState): boolean {
    const { namespace, pods } = this.selection;
    if (namespace !== undefined && state.ctx.namespace !== namespace) return false;
    return (
      pods === undefined ||
      pods.length === 0 ||
      pods.includes(state.ctx.name) ||
      pods.includes(`${state.ctx.namespace}/${state.ctx.name}`)
    );
  }

  /** Folds one accepted transition. */
  observe(engine: Engine, t: Transition): void {
    this.status.apply(engine, t);
    // The timeline forgets a removed Pod's Events: keep them first.
    const tracked = t.uid === undefined ? undefined : this.tracked.get(t.uid);
    if (tracked !== undefined && !engine.pods.has(t.uid!))
      tracked.report.events = this.timeline.events(t.uid!);
    this.timeline.apply(engine, t);
    if (t.uid === undefined || t.after === undefined) return;
    const after = t.after;
    let tr = this.tracked.get(t.uid);
    if (tr === undefined) {
      if (!this.selected(after)) return;
      tr = this.start(t.uid, after, t.time);
    }
    const fact = tr.report.facts.push(describeFact(t)) - 1;
    const podState = stateName(after.value);
    if (t.before === undefined || stateName(t.before.value) !== podState) {
      tr.report.podChart.path.push(podState);
      for (const s of podState.split(' | ')) tr.podVisits.set(s, (tr.podVisits.get(s) ?? 0) + 1);
    }
    for (const slot of after.ctx.containers) {
      const cv = tr.containerVisits.get(slot.ctx.name)!;
      const name = stateName(slot.value);
      if (cv.path[cv.path.length - 1] !== name) {
        cv.path.push(name);
        for (const s of name.split(' | ')) cv.visits.set(s, (cv.visits.get(s) ?? 0) + 1);
      }
    }
    if (after.value === 'removed' || !engine.pods.has(t.uid)) {
      this.close(tr, t.time);
      return;
    }
    const object = this.status.get(engine, t.uid, t.time);
    if (object === undefined) return;
    const status = object.status;
    const { status: _s, ...rest } = object;
    tr.report.object = rest;
    const row = printPod(object, t.time);
    tr.report.snapshots.push({
      time: t.time,
      seq: t.event.seq ?? tr.report.snapshots.length + 1,
      status,
      row,
    });
    tr.report.to = t.time;
    tr.phase.observe(t.time, status?.phase ?? 'Pending', status?.phase ?? 'Pending', fact);
    for (const c of status?.conditions ?? []) {
      let track = tr.conditions.get(c.type);
      if (track === undefined) {
        track = new SegmentTrack();
        tr.conditions.set(c.type, track);
      }
      track.observe(
        t.time,
        c.status,
        c.reason ? `${c.type}=${c.status} (${c.reason})` : `${c.type}=${c.status}`,
        fact,
      );
    }
    const shown = new Set<string>();
    for (const cs of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
      const l = tr.lanes.get(cs.name);
      if (l === undefined) continue;
      shown.add(cs.name);
      const look = containerLook(cs.state, cs.ready);
      l.track.observe(t.time, look.kind, look.label, fact);
      if (cs.restartCount > l.restarts) {
        l.lane.marks.push({
          time: t.time,
          kind: 'restart',
          label: `restart ${cs.restartCount}`,
          facts: [fact],
        });
        l.restarts = cs.restartCount;
      }
    }
    // An unscheduled Pod has no container statuses: the lane says so rather than staying empty.
    for (const [name, l] of tr.lanes)
      if (!shown.has(name)) l.track.observe(t.time, 'absent', 'No status yet (not scheduled)', fact);
    if (t.event.type === 'container.probe.succeeded' || t.event.type === 'container.probe.failed') {
      const l = tr.lanes.get(t.event.data.container as string);
      const ok = t.event.type === 'container.probe.succeeded';
      l?.lane.marks.push({
        time: t.time,
        kind: ok ? 'probe-succeeded' : 'probe-failed',
        label: `${t.event.data.probe} probe ${ok ? 'succeeded' : 'failed'}`,
        facts: [fact],
      });
    }
  }

  private start(uid: string, state: PodState, time: number): Tracked {
    const containers = state.ctx.containers.map((s) => s.ctx);
    const ordered = [
      ...containers.filter((c) => c.role !== 'app'),
      ...containers.filter((c) => c.role === 'app'),
    ];
    const report: PodReport = {
      uid,
      namespace: state.ctx.namespace,
      name: state.ctx.name,
      from: time,
      to: time,
      phase: { name: 'phase', segments: [] },
      conditions: [],
      lanes: [],
      events: [],
      facts: [],
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: state.ctx.name },
        spec: { containers: [] },
      } as unknown as Omit<PodObject, 'status'>,
      snapshots: [],
      podChart: { states: [], path: [] },
      containerCharts: [],
    };
    const tr: Tracked = {
      report,
      phase: new SegmentTrack(),
      conditions: new Map(),
      lanes: new Map(),
      podVisits: new Map(),
      containerVisits: new Map(),
      alive: true,
    };
    for (const c of ordered) {
      const lane: Lane = { container: c.name, role: c.role, segments: [], marks: [] };
      tr.lanes.set(c.name, { lane, track: new SegmentTrack(), restarts: 0 });
      tr.containerVisits.set(c.name, { visits: new Map(), path: [] });
    }
    this.tracked.set(uid, tr);
    return tr;
  }

  private close(tr: Tracked, time: number, open = false): void {
    if (!tr.alive) return;
    tr.alive = false;
    tr.report.to = time;
    tr.phase.close(time, open);
    for (const c of tr.conditions.values()) c.close(time, open);
    for (const l of tr.lanes.values()) l.track.close(time, open);
  }

  /** The report at `end` (ms): open segments are drawn up to it. */
  finish(end: number): ReportData {
    const pods: PodReport[] = [];
    for (const [uid, tr] of this.tracked) {
      const alive = tr.alive;
      if (alive) this.close(tr, end, true);
      const r = tr.report;
      r.phase.segments = tr.phase.segments;
      r.conditions = [...tr.conditions].map(([name, track]) => ({ name, segments: track.segments }));
      r.lanes = [...tr.lanes.values()].map((l) => ({ ...l.lane, segments: l.track.segments }));
      if (alive) r.events = this.timeline.events(uid);
      r.podChart.states = this.podStates.map((state) => ({ state, visits: tr.podVisits.get(state) ?? 0 }));
      r.containerCharts = [...tr.containerVisits].map(([container, v]) => ({
        container,
        path: v.path,
        states: this.containerStates.map((state) => ({ state, visits: v.visits.get(state) ?? 0 })),
      }));
      pods.push(r);
    }
    return { end, pods };
  }
}
