import {
  type BackoffEntry,
  CRASHLOOP_INITIAL_MS,
  CRASHLOOP_MAX_MS,
  isInBackOffSince,
  nextBackoff,
} from '@podstate/core/internal';
import type { ObservedEvent, ObservedPod } from './parseRecording.js';

/** One fact import derives, with the observed field that called for it. */
export interface DerivedFact {
  stream: string;
  type: string;
  /** Event time, ms. */
  time: number;
  subject?: string;
  data: Record<string, unknown>;
  /** The observed field this fact explains, e.g. `status.containerStatuses[0].state.running`. */
  because: string;
}

/** Why no legal sequence of facts reaches an observed status: the field and the rule. */
export class NoLegalSequence extends Error {
  constructor(
    readonly pod: string,
    readonly field: string,
    readonly rule: string,
    detail: string,
  ) {
    super(`Pod ${pod}: ${field}: ${detail} (rule: ${rule})`);
    this.name = 'NoLegalSequence';
  }
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Parses a Kubernetes timestamp (quoted or not, seconds or fractions) to ms; undefined if absent. */
export function parseKubeTime(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  const s = str(v);
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  // Go's zero time (0001-01-01) and the Unix epoch mean "never" (a container that failed to start).
  return Number.isNaN(t) || t <= 0 ? undefined : t;
}

/** When an observation says nothing of time at all: the scenario epoch. */
export const IMPORT_EPOCH = Date.parse('2026-01-01T00:00:00Z');

/** What else a recording says about a Pod besides its last observation. */
export interface DeriveContext {
  /**
   * Earlier observations of the same Pod (a `kubectl get pods -w` stream), oldest first, each with
   * its instant (ms; default: its latest timestamp).
   */
  earlier?: readonly { pod: ObservedPod; at?: number }[];
  /** The instant of the observation derived from (default: its latest timestamp). */
  at?: number;
  /** Events about the Pod (`kubectl get events -o json`): pull, probe and scheduling times. */
  events?: readonly ObservedEvent[];
}

/** One occurrence-range of an Event: its first and last time (equal for a single occurrence). */
interface EventTimes {
  first: number;
  last: number;
  count: number;
  message: string;
}

/** The Events of one Pod, by what import derives from them. */
interface PodEvents {
  scheduled?: EventTimes;
  failedScheduling: EventTimes[];
  /** Per container: Pulling / Pulled / Failed (pull) times, Unhealthy per probe kind. */
  pulling: Map<string, number[]>;
  pulled: Map<string, number[]>;
  pullFailed: Map<string, EventTimes[]>;
  unhealthy: Map<string, EventTimes[]>;
}

/** The times an Event stands for: `firstTimestamp`/`lastTimestamp`, else `eventTime` (events.k8s.io). */
function eventTimes(e: ObservedEvent): EventTimes | undefined {
  const first = parseKubeTime(e.firstTimestamp) ?? parseKubeTime(e.eventTime);
  const last = parseKubeTime(e.lastTimestamp) ?? first;
  if (first === undefined || last === undefined) return undefined;
  return { first: Math.min(first, last), last, count: num(e.count) ?? 1, message: str(e.message) ?? '' };
}

/** `spec.containers{web}` / `spec.initContainers{init}` → `web` / `init`. */
function eventContainer(e: ObservedEvent): string | undefined {
  const m = /^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/.exec(
    e.involvedObject?.fieldPath ?? '',
  );
  return m?.[1];
}

/**
 * Whether an Event is about this Pod: kind Pod (or absent), same name, same namespace and uid when
 * both sides have them.
 */
export function eventIsAbout(e: ObservedEvent, pod: ObservedPod): boolean {
  const o = e.involvedObject;
  if (o === undefined) return false;
  if (o.kind !== undefined && o.kind !== 'Pod') return false;
  if (o.name !== pod.metadata.name) return false;
  const ns = pod.metadata.namespace ?? 'default';
  if (o.namespace !== undefined && o.namespace !== '' && o.namespace !== ns) return false;
  const uid = str(pod.metadata.uid);
  return !(o.uid !== undefined && o.uid !== '' && uid !== undefined && o.uid !== uid);
}

function indexEvents(events: readonly ObservedEvent[]): PodEvents {
  const out: PodEvents = {
    failedScheduling: [],
    pulling: new Map(),
    pulled: new Map(),
    pullFailed: new Map(),
    unhealthy: new Map(),
  };
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const e of events) {
    const t = eventTimes(e);
    if (t === undefined) continue;
    const c = eventContainer(e);
    switch (e.reason) {
      case 'Scheduled':
        if (out.scheduled === undefined || t.first < out.scheduled.first) out.scheduled = t;
        break;
      case 'FailedScheduling':
        out.failedScheduling.push(t);
        break;
      case 'Pulling':
        if (c) for (const x of new Set([t.first, t.last])) push(out.pulling, c, x);
        break;
      case 'Pulled':
        // "Container image … already present on machine": no pull happened.
        if (c && !/already present/.test(t.message))
          for (const x of new Set([t.first, t.last])) push(out.pulled, c, x);
        break;
      case 'Failed':
        if (c && /^Failed to pull image/.test(t.message)) push(out.pullFailed, c, t);
        break;
      case 'Unhealthy': {
        const kind = /^(Readiness|Liveness|Startup) probe/.exec(t.message)?.[1]?.toLowerCase();
        if (c && kind) push(out.unhealthy, `${c}\t${kind}`, t);
        break;
      }
    }
  }
  for (const m of [out.pulling, out.pulled])
    for (const [k, v] of m)
      m.set(
        k,
        [...v].sort((a, b) => a - b),
      );
  return out;
}

interface ContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  restartPolicy?: string;
  readinessProbe?: Rec;
  startupProbe?: Rec;
  livenessProbe?: Rec;
  lifecycle?: { postStart?: unknown };
}

interface Run {
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  signal?: number;
  message?: string;
  containerID?: string;
  field: string;
  /** A running run: the instant it was last observed running. */
  seenRunningAt?: number;
}

/** The latest time anywhere in the observed object: the instant it was observed at. */
export function observedAt(pod: ObservedPod): number {
  let max = Number.NEGATIVE_INFINITY;
  const visit = (v: unknown, key: string) => {
    // deletionTimestamp is a deadline in the future of the observation, not an observed time.
    if (key !== 'deletionTimestamp' && /(Timestamp|Time|At)$/.test(key)) {
      const t = parseKubeTime(v);
      if (t !== undefined && t > max) max = t;
    }
    if (Array.isArray(v)) for (const x of v) visit(x, '');
    else if (isRec(v)) for (const [k, x] of Object.entries(v)) if (k !== 'managedFields') visit(x, k);
  };
  visit(pod.metadata, '');
  visit(pod.status, '');
  return Number.isFinite(max) ? max : IMPORT_EPOCH;
}

/** The Pod as it was submitted: metadata the user sets, and the spec without the scheduler's binding. */
export function submittedManifest(pod: ObservedPod): Rec {
  const m = pod.metadata;
  const metadata: Rec = { name: m.name, namespace: m.namespace ?? 'default' };
  for (const k of ['labels', 'annotations', 'generateName', 'ownerReferences'] as const) {
    if (m[k] !== undefined) metadata[k] = m[k];
  }
  const { nodeName: _bound, ...spec } = pod.spec;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** Secrets and ConfigMaps the Pod needs (volumes, projected sources, env): they existed, since it ran. */
function configObjects(
  pod: ObservedPod,
): { kind: 'secret' | 'configmap'; name: string; keys: Set<string> }[] {
  const found = new Map<string, { kind: 'secret' | 'configmap'; name: string; keys: Set<string> }>();
  const need = (kind: 'secret' | 'configmap', name: unknown, keys: string[], optional: unknown) => {
    if (typeof name !== 'string' || optional === true) return;
    const id = `${kind}/${name}`;
    const o = found.get(id) ?? { kind, name, keys: new Set<string>() };
    for (const k of keys) o.keys.add(k);
    found.set(id, o);
  };
  const items = (v: unknown) =>
    Array.isArray(v) ? v.flatMap((i) => (isRec(i) && typeof i.key === 'string' ? [i.key] : [])) : [];
  const spec = pod.spec as Rec;
  for (const v of (spec.volumes as Rec[] | undefined) ?? []) {
    if (isRec(v.secret)) need('secret', v.secret.secretName, items(v.secret.items), v.secret.optional);
    if (isRec(v.configMap))
      need('configmap', v.configMap.name, items(v.configMap.items), v.configMap.optional);
    if (isRec(v.projected))
      for (const s of (v.projected.sources as Rec[] | undefined) ?? []) {
        if (isRec(s.secret)) need('secret', s.secret.name, items(s.secret.items), s.secret.optional);
        if (isRec(s.configMap))
          need('configmap', s.configMap.name, items(s.configMap.items), s.configMap.optional);
      }
  }
  const all = [...((spec.initContainers as Rec[]) ?? []), ...((spec.containers as Rec[]) ?? [])];
  for (const c of all) {
    for (const e of (c.env as Rec[] | undefined) ?? []) {
      const from = isRec(e.valueFrom) ? e.valueFrom : undefined;
      if (from && isRec(from.secretKeyRef))
        need('secret', from.secretKeyRef.name, [String(from.secretKeyRef.key)], from.secretKeyRef.optional);
      if (from && isRec(from.configMapKeyRef))
        need(
          'configmap',
          from.configMapKeyRef.name,
          [String(from.configMapKeyRef.key)],
          from.configMapKeyRef.optional,
        );
    }
    for (const e of (c.envFrom as Rec[] | undefined) ?? []) {
      if (isRec(e.secretRef)) need('secret', e.secretRef.name, [], e.secretRef.optional);
      if (isRec(e.configMapRef)) need('configmap', e.configMapRef.name, [], e.configMapRef.optional);
    }
  }
  return [...found.values()];
}

function conditionOf(status: Rec, type: string): Rec | undefined {
  const list = Array.isArray(status.conditions) ? (status.conditions as unknown[]) : [];
  return list.find((c): c is Rec => isRec(c) && c.type === type);
}

function terminated(state: unknown): Rec | undefined {
  return isRec(state) && isRec(state.terminated) ? state.terminated : undefined;
}

/**
 * Derives the facts that lead to an observed Pod status: its Secrets/ConfigMaps, creation,
 * scheduling, the sandbox with the Pod IP, pulls, every run of every container (restarts spaced
 * by the kubelet's crash-loop back-off), probe outcomes that explain readiness, exits with code,
 * reason and times from `state`/`lastState`, readiness gates, eviction and deletion. Pure.
 * @throws NoLegalSequence when the status contradicts itself or its spec, naming field and rule.
 */
export function deriveFacts(pod: ObservedPod, context: DeriveContext = {}): DerivedFact[] {
  const ns = pod.metadata.namespace ?? 'default';
  const name = `${ns}/${pod.metadata.name}`;
  const uid = str(pod.metadata.uid) ?? `imported-${ns}-${pod.metadata.name}`;
  const stream = `pod/${uid}`;
  const subject = name;
  if (!isRec(pod.status) || Object.keys(pod.status).length === 0) {
    throw new NoLegalSequence(
      name,
      'status',
      'import needs the observed status',
      'the Pod has no status; capture it with kubectl get pod -o json (not the manifest you applied)',
    );
  }
  const status = pod.status;
  const fail = (field: string, rule: string, detail: string): never => {
    throw new NoLegalSequence(name, field, rule, detail);
  };
  const facts: DerivedFact[] = [];
  const add = (type: string, time: number, data: Rec, because: string) =>
    facts.push({ stream, type, time, subject, data, because });

  const created = parseKubeTime(pod.metadata.creationTimestamp);
  const now = context.at ?? observedAt(pod);
  const t0 = created ?? Math.min(now, parseKubeTime(status.startTime) ?? now);
  const spec = pod.spec as Rec;
  const inits = ((spec.initContainers as ContainerSpec[] | undefined) ?? []).filter(isRec) as ContainerSpec[];
  const apps = ((spec.containers as ContainerSpec[] | undefined) ?? []).filter(isRec) as ContainerSpec[];
  const podRestart = str(spec.restartPolicy) ?? 'Always';
  const earlier = (context.earlier ?? [])
    .filter((o) => isRec(o.pod.status))
    .map((o) => ({ ...o.pod, at: o.at ?? observedAt(o.pod) }));
  const events = indexEvents((context.events ?? []).filter((e) => eventIsAbout(e, pod)));

  const byName = (key: string) =>
    new Map(
      (Array.isArray(status[key]) ? (status[key] as unknown[]) : [])
        .filter(isRec)
        .map((x) => [String(x.name), x] as const),
    );
  const initStatuses0 = byName('initContainerStatuses');
  const appStatuses0 = byName('containerStatuses');
  for (const o of configObjects(pod)) {
    const data = Object.fromEntries([...o.keys].map((k) => [k, '']));
    facts.push({
      stream: `${o.kind}/${ns}/${o.name}`,
      type: `${o.kind}.applied`,
      time: t0,
      data: { namespace: ns, name: o.name, data },
      because: `spec: the Pod needs ${o.kind === 'secret' ? 'Secret' : 'ConfigMap'} "${o.name}"`,
    });
  }
  // Images under imagePullPolicy Never that ran were on the node already (kubelet
  // EnsureImageExists refuses to pull them): the node is registered with them in its image cache.
  const node0 = str(spec.nodeName);
  const preloaded = [...inits, ...apps]
    .filter((c) => c.imagePullPolicy === 'Never' && typeof c.image === 'string')
    .filter((c) => {
      const st = (initStatuses0.get(c.name) ?? appStatuses0.get(c.name)) as Rec | undefined;
      return st !== undefined && hasRun(st);
    })
    .map((c) => c.image as string);
  if (node0 !== undefined && preloaded.length > 0) {
    const labels = isRec(spec.nodeSelector) ? (spec.nodeSelector as Record<string, string>) : {};
    facts.push({
      stream: `node/${node0}`,
      type: 'node.registered',
      time: t0,
      data: { labels: { ...labels }, images: [...new Set(preloaded)] },
      because: 'spec: imagePullPolicy Never, and the container ran: the image was on the node',
    });
  }
  add('pod.created', t0, { manifest: submittedManifest(pod) }, 'metadata.creationTimestamp');

  // Scheduling (PodScheduled is set by the scheduler's binding).
  const scheduledCond = conditionOf(status, 'PodScheduled');
  const node = str(spec.nodeName);
  let tSched: number | undefined;
  // Scheduling attempts that found no node: the observations that showed PodScheduled=False,
  // and FailedScheduling Events.
  const unschedulable: { t: number; message: string; because: string }[] = [];
  for (const o of [...earlier, ...(node === undefined ? [pod] : [])]) {
    const c = conditionOf(o.status ?? {}, 'PodScheduled');
    if (str((o.spec as Rec).nodeName) === undefined && c?.status === 'False')
      unschedulable.push({
        t: parseKubeTime(c.lastTransitionTime) ?? ('at' in o ? (o.at as number) : now),
        message: str(c.message) ?? '',
        because: 'status.conditions[PodScheduled]',
      });
  }
  for (const e of events.failedScheduling)
    unschedulable.push({ t: e.first, message: e.message, because: 'Event FailedScheduling' });
  if (node !== undefined) {
    tSched = Math.max(
      t0,
      parseKubeTime(scheduledCond?.lastTransitionTime) ?? events.scheduled?.first ?? t0,
      // Bound after every observation that showed the Pod without a node.
      ...earlier.filter((o) => str((o.spec as Rec).nodeName) === undefined).map((o) => o.at + 1),
    );
  }
  const attempts = new Map<number, (typeof unschedulable)[number]>();
  for (const u of unschedulable) {
    const t = Math.max(t0, u.t);
    if ((tSched === undefined || t < tSched) && !attempts.has(t)) attempts.set(t, u);
  }
  for (const [t, u] of [...attempts].sort(([a], [b]) => a - b))
    add('pod.unschedulable', t, { message: u.message }, u.because);
  if (node !== undefined) add('pod.scheduled', tSched!, { node }, 'spec.nodeName');

  const statuses = (key: string): Map<string, { s: Rec; i: number }> => {
    const m = new Map<string, { s: Rec; i: number }>();
    const list = Array.isArray(status[key]) ? (status[key] as unknown[]) : [];
    list.forEach((s, i) => {
      if (isRec(s) && typeof s.name === 'string') m.set(s.name, { s, i });
    });
    return m;
  };
  const initStatuses = statuses('initContainerStatuses');
  const appStatuses = statuses('containerStatuses');
  for (const [key, specs, map] of [
    ['initContainerStatuses', inits, initStatuses],
    ['containerStatuses', apps, appStatuses],
  ] as const) {
    for (const n of map.keys())
      if (!specs.some((c) => c.name === n))
        fail(
          `status.${key}[${map.get(n)!.i}].name`,
          'a container status belongs to a container of the spec',
          `"${n}" is not a container of spec.${key === 'containerStatuses' ? 'containers' : 'initContainers'}`,
        );
  }

  const anyRan = [...initStatuses.values(), ...appStatuses.values()].some(
    ({ s }) =>
      isRec(s.state) && (isRec(s.state.running) || isRec(s.state.terminated) || terminated(s.lastState)),
  );
  const podIP = str(status.podIP);
  // A sandbox recreated (kubelet computePodActions: podSandboxChanged → kill everything, purge the
  // init containers, run them again from the first): the current round of regular init containers
  // began after an app container's previous run. The runs before it belong to the first sandbox.
  const regularInits = inits.filter((c) => c.restartPolicy !== 'Always');
  const roundStarts = regularInits.flatMap((c) => {
    const st = initStatuses.get(c.name)?.s.state;
    const run = isRec(st) ? (terminated(st) ?? (isRec(st.running) ? st.running : undefined)) : undefined;
    const t = parseKubeTime(run?.startedAt);
    return t === undefined ? [] : [t];
  });
  const initRound = roundStarts.length > 0 ? Math.min(...roundStarts) : undefined;
  const previousSandbox =
    podRestart !== 'Never' &&
    initRound !== undefined &&
    apps.some((c) => {
      const t = parseKubeTime(terminated(appStatuses.get(c.name)?.s.lastState)?.startedAt);
      return t !== undefined && t < initRound;
    });
  let tSandbox: number | undefined;
  if (podIP !== undefined || anyRan) {
    if (tSched === undefined)
      fail(
        'spec.nodeName',
        'a Pod runs only once bound to a node (I9)',
        'containers ran or the Pod has an IP, but spec.nodeName is empty',
      );
    if (podIP === undefined)
      fail(
        'status.podIP',
        'containers run in a sandbox that owns the Pod IP (I8; kubelet SyncPod createPodSandbox)',
        'containers ran but status.podIP is empty',
      );
    const ready = conditionOf(status, 'PodReadyToStartContainers');
    const firstStart = earliestStart(status);
    const candidates = [
      parseKubeTime(ready?.status === 'True' && !previousSandbox ? ready.lastTransitionTime : undefined),
      parseKubeTime(status.startTime),
      firstStart,
    ]
      .filter((t): t is number => t !== undefined)
      .map((t) => Math.max(t, tSched!));
    tSandbox = candidates.length > 0 ? Math.min(...candidates) : tSched!;
    // Not before an observation that showed no Pod IP yet (nor after the first start).
    for (const o of earlier)
      if (str(o.status?.podIP) === undefined)
        tSandbox = Math.max(tSandbox, Math.min(o.at + 1, firstStart ?? Number.POSITIVE_INFINITY));
    const data: Rec = { podIP };
    const hostIP = str(status.hostIP);
    if (hostIP !== undefined) data.hostIP = hostIP;
    add('pod.sandbox.ready', tSandbox, data, 'status.podIP');
  }

  // ContainersReady turned True at this time: when the last container's readiness probe passed.
  const containersReady = conditionOf(status, 'ContainersReady');
  const readyAt =
    containersReady?.status === 'True' ? parseKubeTime(containersReady.lastTransitionTime) : undefined;
  const input = (
    c: ContainerSpec,
    s: Rec,
    field: string,
    earliest: number,
    restartPolicy: string,
    role: 'init' | 'app',
    key: 'initContainerStatuses' | 'containerStatuses',
    history: boolean,
  ): ContainerInput => {
    const seen: ContainerSighting[] = [];
    if (history)
      earlier.forEach((o, n) => {
        const list = Array.isArray(o.status?.[key]) ? (o.status![key] as unknown[]) : [];
        const i = list.findIndex((x) => isRec(x) && x.name === c.name);
        if (i >= 0)
          seen.push({
            s: list[i] as Rec,
            at: observedAt(o),
            field: `observation ${n + 1}: status.${key}[${i}]`,
          });
      });
    const out: ContainerInput = {
      c,
      s,
      field,
      earliest,
      now,
      restartPolicy,
      role,
      seen,
      events,
      pulledBefore,
    };
    if (readyAt !== undefined) out.readyAt = readyAt;
    return out;
  };

  // Containers: regular init containers one at a time; sidecars and apps after.
  const pulledBefore = new Set<string>();
  let initDone = tSandbox !== undefined;
  /**
   * The containers' facts in one sandbox from `sandboxAt`, each from the status `pick` gives
   * (undefined: the container has no status). Returns the time the last one finished or started.
   */
  const runSandbox = (
    sandboxAt: number,
    pick: (c: ContainerSpec, s: Rec, role: 'init' | 'app') => Rec,
    history: boolean,
  ): number => {
    let ready = sandboxAt;
    let last = sandboxAt;
    initDone = true;
    for (const c of inits) {
      const entry = initStatuses.get(c.name);
      const sidecar = c.restartPolicy === 'Always';
      const field = `status.initContainerStatuses[${entry?.i ?? '?'}]`;
      if (entry === undefined) {
        if (!sidecar) initDone = false;
        continue;
      }
      if (!initDone && !sidecar) {
        if (hasRun(entry.s))
          fail(
            `${field}.state`,
            'regular init containers run one at a time, in order (I3; kubelet computeInitContainerActions)',
            `init container "${c.name}" ran before the init container before it completed`,
          );
        continue;
      }
      const s = pick(c, entry.s, 'init');
      const end = containerFacts(
        input(c, s, field, ready, sidecar ? 'Always' : podRestart, 'init', 'initContainerStatuses', history),
        add,
        fail,
      );
      last = Math.max(last, end);
      if (!sidecar) {
        const st = s.state;
        const done = terminated(st) !== undefined && num(terminated(st)!.exitCode) === 0;
        if (done) ready = Math.max(ready, end);
        else initDone = false;
      }
    }
    for (const c of apps) {
      const entry = appStatuses.get(c.name);
      const field = `status.containerStatuses[${entry?.i ?? '?'}]`;
      if (entry === undefined) continue;
      if (!initDone) {
        if (hasRun(entry.s))
          fail(
            `${field}.state`,
            'no app container starts before every regular init container has exited 0 (I3; kubelet computeInitContainerActions)',
            `app container "${c.name}" ran while an init container has not completed`,
          );
        continue;
      }
      const end = containerFacts(
        input(c, pick(c, entry.s, 'app'), field, ready, podRestart, 'app', 'containerStatuses', history),
        add,
        fail,
      );
      last = Math.max(last, end);
    }
    return last;
  };
  if (tSandbox !== undefined && previousSandbox) {
    // The first sandbox: every init container ran (its record purged since), then the app
    // containers' runs up to the one `lastState` shows; then the sandbox died.
    const died = runSandbox(
      tSandbox,
      (c, s, role) => {
        if (role === 'init')
          return c.restartPolicy === 'Always'
            ? { restartCount: 0, state: { running: {} } }
            : { restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
        const last = terminated(s.lastState);
        if (last === undefined) return { restartCount: 0 };
        const st = isRec(s.state) ? s.state : {};
        const current = terminated(st) !== undefined || isRec(st.running);
        const restarts = num(s.restartCount) ?? 0;
        return {
          ...s,
          restartCount: current ? restarts - 1 : restarts,
          state: { terminated: last },
          lastState: {},
        };
      },
      false,
    );
    add(
      'pod.sandbox.died',
      died,
      {},
      'status: the init containers ran again after the app containers (a new sandbox)',
    );
    const again = parseKubeTime(conditionOf(status, 'PodReadyToStartContainers')?.lastTransitionTime);
    // Early enough for the failed runs `restartCount` counts before each init container's current
    // one, spaced by the back-off (10 s doubling, kubelet doBackOff).
    let room = 0;
    for (const c of regularInits) {
      const k = num(initStatuses.get(c.name)?.s.restartCount) ?? 0;
      let need = 0;
      for (let i = 0; i < k; i++) need += Math.min(CRASHLOOP_INITIAL_MS * 2 ** i, CRASHLOOP_MAX_MS);
      room = Math.max(room, need);
    }
    const second = Math.max(
      died,
      Math.min(again !== undefined && again >= died ? again : initRound!, initRound! - room),
    );
    const data: Rec = { podIP };
    const hostIP = str(status.hostIP);
    if (hostIP !== undefined) data.hostIP = hostIP;
    add('pod.sandbox.ready', second, data, 'status.initContainerStatuses: a new sandbox');
    // The second sandbox: the app containers' runs since (their earlier runs were in the first).
    runSandbox(
      second,
      (_c, s, role) => (role === 'init' ? s : { ...s, restartCount: 0, lastState: {} }),
      true,
    );
  } else if (tSandbox !== undefined) runSandbox(tSandbox, (_c, s) => s, true);
  else initDone = false;

  // Readiness gates.
  for (const g of (spec.readinessGates as Rec[] | undefined) ?? []) {
    const type = str(g.conditionType);
    const cond = type ? conditionOf(status, type) : undefined;
    if (type && cond && (cond.status === 'True' || cond.status === 'False'))
      add(
        'pod.readiness-gate.changed',
        Math.max(t0, parseKubeTime(cond.lastTransitionTime) ?? t0),
        { conditionType: type, status: cond.status },
        `status.conditions[${type}]`,
      );
  }

  // Eviction and deletion.
  if (status.reason === 'Evicted') {
    const t =
      parseKubeTime(conditionOf(status, 'DisruptionTarget')?.lastTransitionTime) ??
      parseKubeTime(conditionOf(status, 'Ready')?.lastTransitionTime) ??
      now;
    const data: Rec = { reason: 'Evicted' };
    if (str(status.message)) data.message = status.message;
    add('pod.evicted', Math.max(t, tSandbox ?? t0), data, 'status.reason');
  }
  const deletionAt = parseKubeTime(pod.metadata.deletionTimestamp);
  if (deletionAt !== undefined) {
    const grace =
      num(pod.metadata.deletionGracePeriodSeconds) ?? num(spec.terminationGracePeriodSeconds) ?? 30;
    const requested = deletionAt - grace * 1000;
    add(
      'pod.deletion.requested',
      Math.max(requested, t0),
      { gracePeriodSeconds: grace },
      'metadata.deletionTimestamp',
    );
  }
  // Stable by time: facts of equal time keep the order they were derived in.
  const order = new Map(facts.map((f, i) => [f, i]));
  facts.sort((a, b) => a.time - b.time || order.get(a)! - order.get(b)!);
  return facts;
}

function hasRun(s: Rec): boolean {
  return (
    isRec(s.state) &&
    (isRec(s.state.running) || isRec(s.state.terminated) || terminated(s.lastState) !== undefined)
  );
}

function earliestStart(status: Rec): number | undefined {
  let min: number | undefined;
  for (const key of ['initContainerStatuses', 'containerStatuses']) {
    for (const s of (status[key] as Rec[] | undefined) ?? []) {
      for (const st of [s.state, s.lastState]) {
        if (!isRec(st)) continue;
        const t = parseKubeTime(
          (isRec(st.running) && st.running.startedAt) || (isRec(st.terminated) && st.terminated.startedAt),
        );
        if (t !== undefined && (min === undefined || t < min)) min = t;
      }
    }
  }
  return min;
}

function toRun(t: Rec, field: string, fallback: number): Run {
  const startedAt = parseKubeTime(t.startedAt) ?? parseKubeTime(t.finishedAt) ?? fallback;
  return {
    startedAt,
    finishedAt: parseKubeTime(t.finishedAt) ?? startedAt,
    exitCode: num(t.exitCode) ?? 0,
    reason: str(t.reason),
    signal: num(t.signal),
    message: str(t.message),
    containerID: str(t.containerID),
    field,
  };
}

/** One earlier observation of a container: its status, when it was observed, where. */
interface ContainerSighting {
  s: Rec;
  at: number;
  field: string;
}

/** What one container's derivation needs besides its spec and last status. */
interface ContainerInput {
  c: ContainerSpec;
  s: Rec;
  field: string;
  /** The container may start from here (sandbox ready, or the init containers before it done). */
  earliest: number;
  /** The instant of the last observation. */
  now: number;
  restartPolicy: string;
  role: 'init' | 'app';
  /** Earlier observations of the container, oldest first. */
  seen: readonly ContainerSighting[];
  events: PodEvents;
  /** `ContainersReady` turned True at this time (the last observation), if it did. */
  readyAt?: number;
  /** Containers whose image is on the node already (pulled in an earlier sandbox). */
  pulledBefore: Set<string>;
}

/**
 * The runs a container status shows, by run number (0 = the first run): `state`
 * (running/terminated) is run `restartCount`; `lastState` is the run before it, or run
 * `restartCount` itself while the container waits (the kubelet counts a restart at the next start).
 */
function runsShown(s: Rec, field: string, fallback: number, at: number): Map<number, Run> {
  const m = new Map<number, Run>();
  const state = isRec(s.state) ? s.state : {};
  const restarts = num(s.restartCount) ?? 0;
  const term = terminated(state);
  const running = isRec(state.running) ? state.running : undefined;
  const last = terminated(s.lastState);
  const current = term !== undefined || running !== undefined;
  if (last) m.set(current ? restarts - 1 : restarts, toRun(last, `${field}.lastState.terminated`, fallback));
  if (term) m.set(restarts, toRun(term, `${field}.state.terminated`, fallback));
  else if (running)
    m.set(restarts, {
      startedAt: parseKubeTime(running.startedAt) ?? fallback,
      containerID: str(s.containerID),
      field: `${field}.state.running`,
      seenRunningAt: at,
    });
  return m;
}

/** The latest of `times` in (after, upTo], if any. */
function latestIn(times: readonly number[] | undefined, after: number, upTo: number): number | undefined {
  let best: number | undefined;
  for (const x of times ?? []) if (x > after && x <= upTo && (best === undefined || x > best)) best = x;
  return best;
}

/**
 * The facts of one container: every run (those the observations show, by run number; the runs
 * between them synthesised as early as the back-off allows, each exiting at once), pulls (at the
 * Pulling/Pulled Events' times when given), probes (Unhealthy Events' failures; the successes that
 * explain `ready`/`started` after the last observation that did not show them), exits. Returns the
 * time its last known run finished (or started).
 */
function containerFacts(
  input: ContainerInput,
  add: (type: string, time: number, data: Rec, because: string) => void,
  fail: (field: string, rule: string, detail: string) => never,
): number {
  const { c, s, field, earliest, now, restartPolicy, role, seen, events } = input;
  const state = isRec(s.state) ? s.state : {};
  const last = terminated(s.lastState);
  const restarts = num(s.restartCount) ?? 0;
  const running = isRec(state.running) ? state.running : undefined;
  const term = terminated(state);
  const waiting = isRec(state.waiting) ? state.waiting : undefined;
  const name = c.name;
  // Runs by number: earlier observations first, the last observation over them.
  const byIndex = new Map<number, Run>();
  for (const h of seen) {
    const hr = num(h.s.restartCount) ?? 0;
    if (hr > restarts)
      fail(
        `${field}.restartCount`,
        'restartCount never decreases (kubelet convertToAPIContainerStatuses)',
        `restartCount ${restarts} after an earlier observation showed ${hr}`,
      );
    for (const [i, run] of runsShown(h.s, h.field, earliest, h.at)) {
      const before = byIndex.get(i);
      byIndex.set(i, before?.finishedAt !== undefined && run.finishedAt === undefined ? before : run);
    }
  }
  const shown = runsShown(s, field, earliest, now);
  for (const [i, run] of shown) {
    const before = byIndex.get(i);
    if (before !== undefined && run.finishedAt === undefined && before.finishedAt !== undefined)
      fail(
        `${run.field}`,
        'a run that exited does not run again: a restart is a new run (kubelet convertToAPIContainerStatuses)',
        `run ${i + 1} of "${name}" was seen terminated, then running`,
      );
    byIndex.set(i, run);
  }
  const total = Math.max(
    running || term || last ? restarts + 1 : 0,
    ...[...byIndex.keys()].map((i) => i + 1),
  );
  if ([...byIndex.keys()].some((i) => i < 0) || shown.size > (running || term || last ? restarts + 1 : 0))
    fail(
      `${field}.restartCount`,
      'restartCount counts the runs after the first (kubelet convertToAPIContainerStatuses)',
      `restartCount ${restarts} but state and lastState show ${shown.size} runs`,
    );
  if (restartPolicy === 'Never' && total > 1 && role === 'app')
    fail(
      `${field}.restartCount`,
      'under restartPolicy Never app containers never restart (I6)',
      `restartCount ${restarts} with restartPolicy Never`,
    );
  const pullEach = c.imagePullPolicy === 'Always';
  let pulled = input.pulledBefore.has(name);
  let previousStart = Number.NEGATIVE_INFINITY;
  const pull = (start: number, floor: number, because: string) => {
    if (c.imagePullPolicy === 'Never') return;
    if (pulled && !pullEach) return;
    const at = Math.max(floor, latestIn(events.pulled.get(name), previousStart, start) ?? start);
    const began = latestIn(events.pulling.get(name), previousStart, at);
    if (began !== undefined)
      add('container.image.pulling', Math.max(floor, began), { container: name }, 'Event Pulling');
    const data: Rec = { container: name };
    const imageID = str(s.imageID);
    if (imageID !== undefined) data.imageID = imageID;
    add('container.image.pulled', at, data, because);
    pulled = true;
    input.pulledBefore.add(name);
  };

  let backoff: BackoffEntry | undefined;
  let lastFinish: number | undefined;
  let t = earliest;
  const start = (run: Run, synthetic: boolean) => {
    if (lastFinish !== undefined) {
      if (isInBackOffSince(backoff, lastFinish, run.startedAt, CRASHLOOP_MAX_MS)) {
        if (synthetic) run.startedAt = lastFinish + backoff!.delay;
        else
          fail(
            `${run.field}.startedAt`,
            'crash-loop back-off: 10 s doubling to 300 s between restarts, reset after 10 min (I7; kubelet doBackOff)',
            `container "${name}" restarted ${restarts} times; the run starting ${new Date(run.startedAt).toISOString()} comes before the back-off after the previous exit allows (${new Date(lastFinish + backoff!.delay).toISOString()})`,
          );
      }
      backoff = nextBackoff(backoff, lastFinish, run.startedAt, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS);
    }
    if (run.startedAt < t)
      fail(
        `${run.field}.startedAt`,
        'a container starts after its sandbox and after the containers before it (I3)',
        `container "${name}" starts at ${new Date(run.startedAt).toISOString()}, before ${new Date(t).toISOString()}`,
      );
    pull(run.startedAt, t, `${field}.imageID`);
    const data: Rec = { container: name };
    if (run.containerID) data.containerID = run.containerID;
    add('container.started', run.startedAt, data, synthetic ? `${field}.restartCount` : run.field);
    if (c.lifecycle?.postStart !== undefined)
      add(
        'container.poststart.succeeded',
        run.startedAt,
        { container: name },
        `spec: ${name} has a postStart hook`,
      );
    previousStart = run.startedAt;
    t = run.startedAt;
  };
  const exit = (run: Run, synthetic: boolean) => {
    const fin = Math.max(run.finishedAt ?? run.startedAt, run.startedAt);
    const data: Rec = { container: name, exitCode: run.exitCode ?? 1 };
    if (run.signal !== undefined) data.signal = run.signal;
    const derived = (run.exitCode ?? 1) === 0 ? 'Completed' : 'Error';
    if (run.reason !== undefined && run.reason !== derived) data.reason = run.reason;
    if (run.message !== undefined) data.message = run.message;
    add('container.exited', fin, data, synthetic ? `${field}.restartCount` : run.field);
    lastFinish = fin;
    t = fin;
  };
  // Synthesised runs copy the first known termination's exit (the same crash, earlier).
  let template = [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => r)
    .find((r) => r.finishedAt !== undefined) ?? { startedAt: earliest, exitCode: 1, field };
  // A regular init container runs again only after a failure (kubelet computeInitContainerActions).
  if (role === 'init' && c.restartPolicy !== 'Always' && (template.exitCode ?? 1) === 0)
    template = { startedAt: earliest, exitCode: 1, field };
  for (let i = 0; i < total; i++) {
    const known = byIndex.get(i);
    if (known === undefined) {
      const run: Run = {
        startedAt: t,
        exitCode: template.exitCode ?? 1,
        reason: template.reason,
        field: `${field}.restartCount`,
      };
      start(run, true);
      run.finishedAt = run.startedAt;
      exit(run, true);
      continue;
    }
    start(known, false);
    if (known.finishedAt !== undefined) exit(known, false);
    else if (i < total - 1) {
      // Seen running earlier, gone by a later observation: it exited after it was last seen.
      const run: Run = {
        ...known,
        finishedAt: Math.max(known.startedAt, (known.seenRunningAt ?? known.startedAt) + 1),
        exitCode: template.exitCode ?? 1,
        reason: template.reason,
      };
      exit(run, true);
    }
  }
  // Probes: Unhealthy Events of the current run, and the successes that explain readiness.
  if (running) {
    const runStart = t;
    const failures = (kind: string) =>
      (events.unhealthy.get(`${name}\t${kind}`) ?? []).flatMap((e) =>
        [...new Set([e.first, e.last])].filter((x) => x >= runStart && x <= now).map((x) => ({ at: x, e })),
      );
    const lastFailure: Record<string, number> = {};
    for (const kind of ['startup', 'readiness', 'liveness'] as const) {
      const probe =
        kind === 'startup' ? c.startupProbe : kind === 'readiness' ? c.readinessProbe : c.livenessProbe;
      if (!isRec(probe)) continue;
      let list = failures(kind);
      // Liveness and startup failures at the threshold kill the container: only the latest one is
      // taken (a count over time is not consecutive failures), and none when one failure kills.
      if (kind !== 'readiness') {
        if ((num(probe.failureThreshold) ?? 3) <= 1) list = [];
        else list = list.slice(-1);
      }
      for (const f of list) {
        const data: Rec = { container: name, probe: kind };
        if (f.e.message !== '') data.message = f.e.message;
        add('container.probe.failed', f.at, data, `Event Unhealthy (${kind})`);
        lastFailure[kind] = Math.max(lastFailure[kind] ?? runStart, f.at);
      }
    }
    // Not before an earlier observation of this run that did not show it yet.
    const notBefore = (flag: 'ready' | 'started') => {
      let floor = runStart;
      for (const h of seen) {
        const hs = isRec(h.s.state) ? h.s.state : {};
        if ((num(h.s.restartCount) ?? 0) === restarts && isRec(hs.running) && h.s[flag] !== true)
          floor = Math.max(floor, h.at + 1);
      }
      return floor;
    };
    if (c.startupProbe !== undefined && s.started === true) {
      const at = Math.max(notBefore('started'), (lastFailure.startup ?? runStart - 1) + 1);
      add('container.probe.succeeded', at, { container: name, probe: 'startup' }, `${field}.started`);
    }
    if (c.readinessProbe !== undefined && s.ready === true) {
      let at = Math.max(notBefore('ready'), (lastFailure.readiness ?? runStart - 1) + 1);
      if (input.readyAt !== undefined && input.readyAt >= at && input.readyAt <= now) at = input.readyAt;
      const n = num(c.readinessProbe.successThreshold) ?? 1;
      for (let i = 0; i < n; i++)
        add('container.probe.succeeded', at, { container: name, probe: 'readiness' }, `${field}.ready`);
    }
  }
  if (waiting !== undefined) {
    const reason = str(waiting.reason);
    if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') {
      const data: Rec = { container: name };
      if (str(waiting.message)) data.message = waiting.message;
      const failedAt = (events.pullFailed.get(name) ?? [])
        .map((e) => e.last)
        .filter((x) => x >= t && x <= now)
        .sort((a, b) => a - b)
        .pop();
      add(
        'container.image.pull.failed',
        failedAt ?? Math.max(t, earliest),
        data,
        `${field}.state.waiting.reason`,
      );
    }
  }
  return t;
}
