import { PodstateError } from '../errors.js';
import { eventInputCheck } from '../events/inputCheck.js';
import {
  type CompiledTransition,
  pick,
  pickedRefusal,
  runEventless,
  runStep,
  steppedCtx,
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
  private readonly scratch: MachineEvent = { type: 'clock.advanced', time: 0, data: {} };
  private readonly trusted: boolean;

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
    const refusal = this.judge(e);
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
    const refusal = this.judge(e);
    if (refusal !== undefined) return { ok: false, rejection: { event: e, ...refusal } };
    return { ok: true, transition: this.evolve(e) };
  }

  /** Whether `e` would be accepted now, without applying it: undefined, or the refusal `apply` would give. */
  check(e: EventInput): Refusal | undefined {
    return this.judge(e);
  }

  // The last accepted judgement (valid until the next `judge`): the replay loop reads these
  // fields instead of allocating a Decision per event.
  private kind: Accepted['kind'] = 'cluster';
  private time = 0;
  private uid: string | undefined;
  private before: PodState | undefined;
  private holder: LivePod | undefined;
  private transition: PodTransition | undefined;

  /**
   * The decision, without allocating it: undefined when `e` is accepted (the step to commit is
   * left in `kind`, `time`, `uid`, `before`, `transition`), else the refusal.
   */
  private judge(e: EventInput): Refusal | undefined {
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
      holder = { uid, state: restored };
      this.live.set(stream, holder);
    }
    const before = holder.state;
    const m = this.event(e, time);
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

  /** Commits the step `judge` just accepted: steps the machine (or the cluster) and records the result. */
  private evolve(e: EventInput): Transition {
    const time = this.time;
    const uid = this.uid;
    if (this.kind === 'cluster') {
      evolveCluster(this.env, e, time);
      this.advance(e, time);
      return { event: this.accepted(e), time };
    }
    if (this.kind === 'create') return this.create(e, uid!, time);
    const before = this.before!;
    const m = this.event(e, time);
    const value = runStep(compiledPodMachine, before.value, this.transition!, before.ctx, m, this.env);
    const ctx = steppedCtx<PodCtx>();
    const after: PodState =
      ctx === before.ctx && value === before.value ? before : { value: value as PodStateValue, ctx };
    applyPodEffects(this.env, e, after);
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
    return { event: this.accepted(e), time, uid, before, after };
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
    const m = this.scratch as { type: string; time: number; data: unknown };
    m.type = e.type;
    m.time = time;
    m.data = e.data;
    return this.scratch;
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
    this.live.set(e.stream, { uid, state: after });
    this.names.set(key, uid);
    this.advance(e, time);
    return { event: this.accepted(e), time, uid, after };
  }

  private advance(e: EventInput, time: number): void {
    this.env.time = time;
    if (e.seq !== undefined) this.seq = e.seq;
  }
}
/** A live Pod as its stream finds it (see Engine.live). */
interface LivePod {
  uid: string;
  state: PodState;
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
