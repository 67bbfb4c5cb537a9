import { createEngine, type Engine } from '../engine/createEngine.js';
import type { NodeLostProfile } from '../engine/env.js';
import { parseTime } from '../engine/parseTime.js';
import { type EngineSnapshot, engineStateJSON, snapshotEngine } from '../engine/snapshot.js';
import type { EventInput, PodState } from '../engine/types.js';
import type { RefusalCode } from '../machines/refusal.js';
import { canonicalJSON } from './canonicalJSON.js';
import type { PodStateComparer } from './podStateComparer.js';
import { quickSameEngineState } from './sameEngineState.js';

/** Recorded as stateBefore when check() accepted an event that apply() then refused. */
export const CHECK_DISAGREED = '<check() accepted what apply() refused>';

/**
 * Recorded as both stateBefore and stateAfter of a rejected step when the engine after it was
 * found equal to a replay that had not seen the event yet (the state before it), so no JSON was
 * built: see {@link applyStep}.
 */
export const STATE_UNCHANGED = '<the same state as the replay before the event>';

/** One event of a trace and what the engine did with it. */
export interface TraceStep {
  event: EventInput;
  /** Event time, ms. */
  time: number;
  ok: boolean;
  /** The refusal's message, for a rejected event (for people). */
  rejection?: string;
  /** The refusal's code, for a rejected event (to branch on). */
  code?: RefusalCode;
  /** The Pod the event concerned, and its state before and after. */
  uid?: string;
  before?: PodState;
  after?: PodState;
  /** Canonical JSON of the whole engine around a rejected event (I13). */
  stateBefore?: string;
  stateAfter?: string;
}

/** A run of events through an engine, as the invariant checkers read it. */
export interface Trace {
  profile: NodeLostProfile;
  steps: TraceStep[];
  /** A snapshot taken after `index` steps (I1: snapshot + tail = full replay). */
  snapshot?: { index: number; state: EngineSnapshot };
  /** Canonical JSON of the engine after the last step. */
  final: string;
}

/**
 * Applies `events` to a fresh engine and records every step (rejected ones included), with
 * a snapshot after `snapshotAt` steps (default: half way).
 */
export function recordTrace(
  events: EventInput[],
  profile: NodeLostProfile = 'current',
  snapshotAt = Math.floor(events.length / 2),
): Trace {
  const engine = createEngine({ profile });
  const steps: TraceStep[] = [];
  let snapshot: Trace['snapshot'];
  events.forEach((event, i) => {
    if (i === snapshotAt) snapshot = { index: i, state: snapshotEngine(engine) };
    const uid = event.stream.startsWith('pod/') ? event.stream.slice(4) : undefined;
    const check = engine.check(event);
    const stateBefore = check === undefined ? undefined : canonicalJSON(snapshotEngine(engine));
    const before = uid === undefined ? undefined : engine.pods.get(uid);
    const r = engine.apply(event);
    const time = parseTime(event.time);
    if (r.ok) {
      steps.push({
        event,
        time,
        ok: true,
        uid,
        before,
        after: uid === undefined ? undefined : (engine.pods.get(uid) ?? r.transition.after),
      });
    } else {
      const stateAfter = canonicalJSON(snapshotEngine(engine));
      steps.push({
        event,
        time,
        ok: false,
        rejection: r.rejection.message,
        code: r.rejection.code,
        uid,
        before,
        after: before,
        stateBefore: stateBefore ?? CHECK_DISAGREED,
        stateAfter,
      });
    }
  });
  if (snapshot === undefined) snapshot = { index: events.length, state: snapshotEngine(engine) };
  return { profile, steps, snapshot, final: canonicalJSON(snapshotEngine(engine)) };
}

/**
 * Applies one event a generator chose to `engine` and returns its step. `refusal` is set when the
 * event is meant to be refused: then the whole engine is serialised around it (I13), and sorted
 * into canonical JSON only when the two serialisations differ. Shared by {@link TraceRecorder}
 * and the streaming check's recorder.
 *
 * `before`, when given, is a replay of the same events that has not seen this one yet (I1's, in
 * the state before it): a refused event is then judged by comparing the engine after it with that
 * replay (I13: nothing changed), and the JSON is built only when the walk cannot call them equal.
 */
export function applyStep(
  engine: Engine,
  event: EventInput,
  refusal: string | undefined,
  before?: { engine: Engine; comparer: PodStateComparer },
): TraceStep {
  const time = parseTime(event.time);
  const uid = event.stream.startsWith('pod/') ? event.stream.slice(4) : undefined;
  const podBefore = uid === undefined ? undefined : engine.pods.get(uid);
  const jsonBefore = refusal === undefined || before !== undefined ? undefined : engineStateJSON(engine);
  const r = engine.apply(event);
  if (r.ok) {
    const after = uid === undefined ? undefined : (engine.pods.get(uid) ?? r.transition.after);
    return { event, time, ok: true, uid, before: podBefore, after };
  }
  let stateBefore: string;
  let stateAfter: string;
  if (
    refusal !== undefined &&
    before !== undefined &&
    quickSameEngineState(engine, before.engine, before.comparer)
  ) {
    stateBefore = STATE_UNCHANGED;
    stateAfter = STATE_UNCHANGED;
  } else {
    // Equal plain JSON means equal canonical JSON, so sorting runs only on a difference.
    const json = refusal === undefined ? undefined : (jsonBefore ?? engineStateJSON(before!.engine));
    stateAfter = engineStateJSON(engine);
    stateBefore = json ?? CHECK_DISAGREED;
    if (json !== undefined && json !== stateAfter) {
      stateBefore = canonicalJSON(JSON.parse(json));
      stateAfter = canonicalJSON(JSON.parse(stateAfter));
    }
  }
  return {
    event,
    time,
    ok: false,
    rejection: r.rejection.message,
    code: r.rejection.code,
    uid,
    before: podBefore,
    after: podBefore,
    stateBefore,
    stateAfter,
  };
}

/**
 * Records a trace while a generator applies events to `engine` (one pass: each event is applied
 * once, here), giving the same steps as {@link recordTrace} on the same events. A step meant to be
 * refused carries engine.check's verdict; the whole engine is serialised only around it (I13),
 * and sorted into canonical JSON only when the two serialisations differ.
 */
export class TraceRecorder {
  readonly events: EventInput[] = [];
  readonly steps: TraceStep[] = [];
  private snapshot: Trace['snapshot'];

  /** `snapshotAt`: after how many events the snapshot for I1 is taken. */
  constructor(
    private readonly engine: Engine,
    private readonly snapshotAt: number,
  ) {}

  /** Applies one event and records its step; `refusal` is set when the event is meant to be refused. */
  record(event: EventInput, refusal: string | undefined): void {
    if (this.events.length === this.snapshotAt)
      this.snapshot = { index: this.snapshotAt, state: snapshotEngine(this.engine) };
    this.events.push(event);
    this.steps.push(applyStep(this.engine, event, refusal));
  }

  /** The trace recorded so far (a snapshot at the end when `snapshotAt` was not reached). */
  trace(profile: NodeLostProfile): Trace {
    const snapshot = this.snapshot ?? { index: this.events.length, state: snapshotEngine(this.engine) };
    return { profile, steps: this.steps, snapshot, final: canonicalJSON(snapshotEngine(this.engine)) };
  }
}
