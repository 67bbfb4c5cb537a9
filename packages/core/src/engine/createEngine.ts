import { PodstateError } from '../errors.js';
import { eventInputCheck } from '../events/inputCheck.js';
import {
  type CompiledTransition,
  pick,
  pickedRefusal,
  runEventless,
  runStep,
  steppedCtx,
  TrackedEvent,
} from '../machines/compile.js';
import { compiledPodMachine } from '../machines/compiledPod.js';
import type { MachineEvent } from '../machines/events.js';
import type { Refusal } from '../machines/refusal.js';
import type { PodCtx, PodStateValue } from '../machines/types.js';
import type { Pod } from '../manifest/types.js';
import { evolveCluster } from './clusterEvents.js';
import {
  applyPodEffects,
  clusterRefusal,
  createRefusal,
  envelopeRefusal,
  missingPodRefusal,
  podRefusal,
} from './decideParts.js';
import { type ClusterEnv, createClusterEnv, type NodeLostProfile } from './env.js';
import { createPodCtx, normalizePod } from './normalizePod.js';
import { parseTime } from './parseTime.js';
import { noTransitionReason } from './rejections.js';
import { type EngineSnapshot, snapshotEngine } from './snapshot.js';
import type { AcceptedEvent, ApplyResult, EventInput, PodState, RemovedPod, Transition } from './types.js';

type PodTransition = CompiledTransition<PodCtx, MachineEvent, ClusterEnv>;

/** An accepted event, ready to commit: a cluster change, a new Pod, or a Pod machine transition. */
export interface Accepted {
  ok: true;
  kind: 'cluster' | 'create' | 'pod';
  /** Event time, ms. */
  time: number;
  uid: string | undefined;
  before: PodState | undefined;
  transition: PodTransition | undefined;
}

/** What the engine decided for one event: accepted (to commit) or refused (changes nothing). */
export type Decision = Accepted | { ok: false; refusal: Refusal };

export interface EngineOptions {
  /** Node-lost behaviour: `current` (default) or `legacy` (phase Unknown). */
  profile?: NodeLostProfile;
  /**
   * Every event comes from a source already checked against the catalogue (the engine's own
   * enabledEvents / nextActions, validated manifests): skip the catalogue check, as replay of a
   * log does. Generators (`podstate explore`) use it; never for input from users.
   */
  trusted?: boolean;
}

/**
 * The podstate engine: applies facts to Pods and the cluster, refusing illegal ones with a
 * reason. Holds many Pods at once; memory is bounded by the Pods alive (removed Pods keep a
 * summary). Deterministic: time comes only from events.
 */
export class Engine {
  readonly env: ClusterEnv;
  readonly pods = new Map<string, PodState>();
  /** `namespace/name` → uid of the live Pod with that name. */
  readonly names = new Map<string, string>();
  readonly removed = new Map<string, RemovedPod>();
  /**
   * `pod/<uid>` → the live Pod on that stream: its uid and its state (always the one in `pods`).
   * One lookup per event finds both; a Pod restored into `pods` joins on its first event.
   */
  private readonly live = new Map<string, LivePod>();
  /** seq of the last applied event (0 before any). */
  seq = 0;
  /**
   * How many events the Pod chart has decided (picked a transition for, or refused): an event
   * the no-op memo answers adds nothing. What the memo saves, counted without allocating.
   * @internal
   */
  chartRuns = 0;
  private readonly scratch = new TrackedEvent();
  private readonly trusted: boolean;
  /**
   * Counts the changes of `env` (cluster events, and the Pod facts that change it): a Pod's no-op
   * memo holds only while this is what it was when the memo was made.
   */
  private envVersion = 0;

  constructor(options: EngineOptions = {}) {
    this.env = createClusterEnv(options.profile ?? 'current');
    this.trusted = options.trusted === true;
  }

  /** The live Pod named `namespace/name` (or `name` in `default`). */
  podByName(name: string, namespace = 'default'): PodState | undefined {
    const key = name.includes('/') ? name : `${namespace}/${name}`;
    const uid = this.names.get(key);
    return uid === undefined ? undefined : this.pods.get(uid);
  }

  /**
   * Decides one event: the accepted step to commit, or a coded refusal. `apply` and `check`
   * both start here (through `judge`), so they never disagree. Pure with respect to the engine:
   * changes nothing.
   */
  decide(e: EventInput): Decision {
    const refusal = this.judge(e, false);
    if (refusal !== undefined) return { ok: false, refusal };
    return {
      ok: true,
      kind: this.kind,
      time: this.time,
      uid: this.uid,
      before: this.before,
      transition: this.transition,
    };
  }

  /** Applies one event; on refusal nothing changes and the rejection says why. */
  apply(e: EventInput): ApplyResult {
    const refusal = this.judge(e, true);
    if (refusal !== undefined) return { ok: false, rejection: { event: e, ...refusal } };
    return { ok: true, transition: this.evolve(e) };
  }

  /**
   * `apply` for a replay loop that reads each transition before the next event and keeps none (a
   * fold that copies what it needs): the accepted transition comes in one object the next call
   * reuses, so a replay allocates no result per event. Undefined when refused (nothing changed;
   * `apply(e)` says why).
   * @internal
   */
  step(e: EventInput): Transition | undefined {
    if (this.judge(e, true) !== undefined) return undefined;
    return this.evolve(e, this.reused);
  }

  /** The transition `step` hands out, reused (its keys are always all present). */
  private readonly reused: ReusedTransition = {
    event: undefined as unknown as AcceptedEvent,
    time: 0,
    uid: undefined,
    before: undefined,
    after: undefined,
  };

  /** Whether `e` would be accepted now, without applying it: undefined, or the refusal `apply` would give. */
  check(e: EventInput): Refusal | undefined {
    return this.judge(e, true);
  }

  // The last accepted judgement (valid until the next `judge`): the replay loop reads these
  // fields instead of allocating a Decision per event.
  private kind: Accepted['kind'] = 'cluster';
  private time = 0;
  private uid: string | undefined;
  private before: PodState | undefined;
  private holder: LivePod | undefined;
  private transition: PodTransition | undefined;
  /** The last judgement was answered by the Pod's no-op memo (no transition was picked). */
  private noop = false;
  /** `envVersion` when the last judgement began. */
  private judgedEnv = 0;

  /**
   * The decision, without allocating it: undefined when `e` is accepted (the step to commit is
   * left in `kind`, `time`, `uid`, `before`, `transition`), else the refusal. With `memo`, an
   * event the Pod's no-op memo answers is accepted without picking a transition (`noop`).
   */
  private judge(e: EventInput, memo: boolean): Refusal | undefined {
    // Untrusted input (no numeric seq: not a record read from a CRC-checked log) is validated once,
    // here: the envelope and the data against the catalogue. Replay of a log skips it (the hot path).
    if (!this.trusted && (typeof e !== 'object' || e === null || typeof e.seq !== 'number')) {
      const invalid = eventInputCheck()(e);
      if (invalid !== undefined) return invalid;
    }
    const time = parseTime(e.time);
    // The envelope first (type, time, stream); data validation belongs here too, before any rule.
    const bad = envelopeRefusal(this.env, e, time);
    if (bad !== undefined) return bad;
    this.time = time;
    this.before = undefined;
    this.transition = undefined;
    this.noop = false;
    this.judgedEnv = this.envVersion;
    const stream = e.stream;
    if (!stream.startsWith('pod/')) {
      const why = clusterRefusal(this.env, e);
      if (why !== undefined) return why;
      this.kind = 'cluster';
      this.uid = undefined;
      return undefined;
    }
    // A live Pod's uid and state are found by its stream: one lookup, no slice per event.
    let holder = this.live.get(stream);
    const uid = holder === undefined ? stream.slice(4) : holder.uid;
    this.uid = uid;
    if (e.type === 'pod.created') {
      const refused = createRefusal(this.pods, this.removed, this.names, e, uid);
      if (refused !== undefined) return refused;
      this.kind = 'create';
      return undefined;
    }
    if (holder === undefined) {
      // Not created here (restored from a snapshot or merged from workers), or no such Pod.
      const restored = this.pods.get(uid);
      if (restored === undefined) return missingPodRefusal(this.removed.get(uid), e, uid);
      holder = livePod(uid, restored);
      this.live.set(stream, holder);
    }
    const before = holder.state;
    if (memo && holder.noopState === before && holder.noopEnv === this.envVersion && known(holder, e)) {
      // The same event (type and data) was accepted in this very state, with the cluster as it is
      // now, changed nothing and never read its time: so it is accepted and changes nothing now.
      this.kind = 'pod';
      this.before = before;
      this.holder = holder;
      this.noop = true;
      return undefined;
    }
    this.scratch.timeRead = false;
    const m = this.event(e, time);
    this.chartRuns++;
    const t = pick(compiledPodMachine, before.value, e.type, before.ctx, m, this.env);
    if (t === undefined)
      return podRefusal(
        before,
        e,
        pickedRefusal() ?? noTransitionReason(before.value, e.type, before.ctx.node),
      );
    this.kind = 'pod';
    this.before = before;
    this.holder = holder;
    this.transition = t;
    return undefined;
  }

  /**
   * Commits the step `judge` just accepted: steps the machine (or the cluster) and records the
   * result, as a new Transition or (`into`, for `step`) in the reused one.
   */
  private evolve(e: EventInput, into?: ReusedTransition): Transition {
    const time = this.time;
    const uid = this.uid;
    if (this.kind === 'cluster') {
      if (evolveCluster(this.env, e, time)) this.envVersion++;
      this.advance(e, time);
      return into
        ? fill(into, this.accepted(e), time, undefined, undefined, undefined)
        : { event: this.accepted(e), time };
    }
    if (this.kind === 'create') {
      const t = this.create(e, uid!, time);
      return into ? fill(into, t.event, time, uid, undefined, t.after) : t;
    }
    const before = this.before!;
    if (this.noop) {
      // What the full step gives for an event that changes nothing (see judge). Not even the
      // cluster: applyPodEffects answered false for this very event, state and cluster.
      this.advance(e, time);
      return into
        ? fill(into, this.accepted(e), time, uid, before, before)
        : { event: this.accepted(e), time, uid, before, after: before };
    }
    const m = this.event(e, time);
    const value = runStep(compiledPodMachine, before.value, this.transition!, before.ctx, m, this.env);
    const ctx = steppedCtx<PodCtx>();
    const after: PodState =
      ctx === before.ctx && value === before.value ? before : { value: value as PodStateValue, ctx };
    if (applyPodEffects(this.env, e, after)) this.envVersion++;
    if (after === before && !this.scratch.timeRead && this.envVersion === this.judgedEnv)
      remember(this.holder!, before, e, this.envVersion);
    if (after.value === 'removed') {
      this.pods.delete(uid!);
      this.live.delete(e.stream);
      this.names.delete(`${after.ctx.namespace}/${after.ctx.name}`);
      this.removed.set(uid!, {
        uid: uid!,
        namespace: after.ctx.namespace,
        name: after.ctx.name,
        phase: after.ctx.terminalPhase,
        removedAt: time,
      });
    } else if (after !== before) {
      this.pods.set(uid!, after);
      this.holder!.state = after;
    }
    this.advance(e, time);
    return into
      ? fill(into, this.accepted(e), time, uid, before, after)
      : { event: this.accepted(e), time, uid, before, after };
  }

  /** The engine's state as detached JSON; restoreEngine(snapshot) rebuilds it. */
  snapshot(): EngineSnapshot {
    return snapshotEngine(this);
  }

  /**
   * The machine event for `e`, in a reused object: guards and actions never keep it. The one place
   * an input becomes a typed event: `decide` has checked that its type is in the catalogue and (for
   * untrusted input) that its data has the type's shape; a record of a CRC-checked log, and every
   * input of an engine created `trusted`, is trusted.
   */
  private event(e: EventInput, time: number): MachineEvent {
    const m = this.scratch;
    m.type = e.type;
    m.at = time;
    m.data = e.data;
    return m as unknown as MachineEvent;
  }

  /** The accepted input as the typed event a {@link Transition} carries (see {@link Engine.event}). */
  private accepted(e: EventInput): AcceptedEvent {
    return e as AcceptedEvent;
  }

  private create(e: EventInput, uid: string, time: number): Transition {
    const pod = normalizePod((e.data as { manifest: Pod }).manifest, uid);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    // The initial state, then its eventless transitions, as an XState actor starts.
    const value = runEventless(
      compiledPodMachine,
      compiledPodMachine.initial,
      createPodCtx(pod, uid, time),
      this.event(e, time),
      this.env,
    );
    const after: PodState = { value: value as PodStateValue, ctx: steppedCtx<PodCtx>() };
    this.pods.set(uid, after);
    this.live.set(e.stream, livePod(uid, after));
    this.names.set(key, uid);
    this.advance(e, time);
    return { event: this.accepted(e), time, uid, after };
  }

  private advance(e: EventInput, time: number): void {
    this.env.time = time;
    if (e.seq !== undefined) this.seq = e.seq;
  }
}
/** The Transition `Engine.step` reuses: every key present, unused ones undefined. */
interface ReusedTransition {
  event: AcceptedEvent;
  time: number;
  uid: string | undefined;
  before: PodState | undefined;
  after: PodState | undefined;
}

function fill(
  t: ReusedTransition,
  event: AcceptedEvent,
  time: number,
  uid: string | undefined,
  before: PodState | undefined,
  after: PodState | undefined,
): Transition {
  t.event = event;
  t.time = time;
  t.uid = uid;
  t.before = before;
  t.after = after;
  return t as Transition;
}

/**
 * A live Pod as its stream finds it (see Engine.live), with its no-op memo: the last few events
 * that, applied in state `noopState` with the cluster at `noopEnv`, were accepted, changed nothing
 * (not the Pod, not the cluster) and never read their time. Guards and actions read only the
 * Pod's state, the event's type, data and time, and the cluster: the same event in the same state
 * and cluster is decided the same at any time, so the memo answers it without running the charts
 * (most of a long log is probes that change nothing, several containers' and probes' in turn).
 */
interface LivePod {
  uid: string;
  state: PodState;
  noopState: PodState | undefined;
  noopEnv: number;
  /** Each memo's event type and a copy of its data (flat: every value a string, number, boolean or null). */
  noops: NoopEvent[];
}

interface NoopEvent {
  type: string;
  data: Record<string, unknown>;
  keys: number;
}

/** How many no-op events a live Pod remembers (one per container and probe, in a typical Pod). */
const NOOPS = 4;

function livePod(uid: string, state: PodState): LivePod {
  return { uid, state, noopState: undefined, noopEnv: 0, noops: [] };
}

/** Whether the Pod's memo holds `e` (its state and the cluster already checked). */
function known(holder: LivePod, e: EventInput): boolean {
  const noops = holder.noops;
  for (let i = 0; i < noops.length; i++) {
    const n = noops[i]!;
    if (n.type === e.type && sameFlatData(n.data, n.keys, e.data)) return true;
  }
  return false;
}

/** Adds `e` (accepted in `state`, changing nothing, time unread) to the Pod's no-op memo, if its data is flat. */
function remember(holder: LivePod, state: PodState, e: EventInput, envVersion: number): void {
  const data = e.data as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  let keys = 0;
  for (const k in data) {
    const v = data[k];
    if (
      !Object.hasOwn(data, k) ||
      k === '__proto__' ||
      v === undefined ||
      (typeof v === 'object' && v !== null) ||
      typeof v === 'function'
    )
      return;
    copy[k] = v;
    keys++;
  }
  if (holder.noopState !== state || holder.noopEnv !== envVersion) {
    holder.noopState = state;
    holder.noopEnv = envVersion;
    holder.noops.length = 0;
  }
  if (holder.noops.length < NOOPS) holder.noops.push({ type: e.type, data: copy, keys });
}

/** Whether `data` has exactly the `keys` properties of the flat `copy`, with the same values. */
function sameFlatData(copy: Record<string, unknown>, keys: number, data: unknown): boolean {
  const d = data as Record<string, unknown>;
  let n = 0;
  for (const k in d) {
    const v = d[k];
    if (v === undefined || copy[k] !== v) return false;
    n++;
  }
  return n === keys;
}

/** Creates an empty engine. */
export function createEngine(options?: EngineOptions): Engine {
  return new Engine(options);
}

/** Replays events into a fresh engine; throws on the first refused event (a log must replay cleanly). */
export function replay(events: Iterable<EventInput>, options?: EngineOptions): Engine {
  const engine = new Engine(options);
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok)
      throw new PodstateError(
        'damaged_log',
        `replay stopped at seq ${e.seq ?? '?'}: ${r.rejection.message}`,
        { seq: e.seq, rejection: r.rejection },
      );
  }
  return engine;
}

export type { Transition };
