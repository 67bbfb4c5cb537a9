import { createEngine, type Engine } from '../engine/createEngine.js';
import type { NodeLostProfile } from '../engine/env.js';
import { restoreEngine, snapshotEngine } from '../engine/snapshot.js';
import type { ApplyResult, EventInput } from '../engine/types.js';
import { I1Checker } from './checkInvariants.js';
import { I9Checker, I10Checker, I11Checker, I13Checker, I14Checker } from './clusterInvariants.js';
import type { StepChecker, Violation } from './invariantModel.js';
import {
  I2Checker,
  I3Checker,
  I4Checker,
  I5Checker,
  I6Checker,
  I7Checker,
  I8Checker,
} from './podInvariants.js';
import { PodStateComparer } from './podStateComparer.js';
import { sameEngineState } from './sameEngineState.js';
import { applyStep, type TraceStep } from './trace.js';
import { I16Checker, I17Checker } from './valueInvariants.js';

/** Options of {@link InvariantStream}. */
export interface InvariantStreamOptions {
  profile?: NodeLostProfile;
  /** More step checkers to run after the built-in ones (projected invariants, a canary), by name. */
  extra?: Record<string, StepChecker>;
  /** Most violations kept per invariant (all are counted); default 100. */
  keep?: number;
  /** The events come from a checked source: I1's replays skip the catalogue check (EngineOptions.trusted). */
  trusted?: boolean;
}

/**
 * Every invariant of `invariantCheckers` (I1–I11, I13, I14, I16, I17) checked as the steps come,
 * without keeping them: each checker holds what it needs per live Pod and forgets a Pod when it
 * is removed, and I1 replays the steps on an engine of its own (and, after {@link snapshot}, on
 * an engine restored from a snapshot), so memory follows the live Pods, not the run's length.
 * Gives the same violations as the batch checkers on the same steps (a test shows it).
 */
export class InvariantStream {
  private readonly i1: I1Checker;
  private readonly checkers: [string, StepChecker][];
  private readonly found = new Map<string, Violation[]>();
  private readonly keep: number;
  private readonly scratch: Violation[] = [];
  private restored: { engine: Engine; index: number } | undefined;
  private readonly trusted: boolean;
  /** Steps fed so far. */
  steps = 0;
  /** Violations found so far (more than are kept when an invariant breaks often). */
  violations = 0;

  constructor(options: InvariantStreamOptions = {}) {
    this.keep = options.keep ?? 100;
    this.trusted = options.trusted === true;
    this.i1 = new I1Checker(options.profile ?? 'current', this.trusted);
    this.checkers = [
      ['I1', this.i1],
      ['I2', new I2Checker()],
      ['I3', new I3Checker()],
      ['I4', new I4Checker()],
      ['I5', new I5Checker()],
      ['I6', new I6Checker()],
      ['I7', new I7Checker()],
      ['I8', new I8Checker()],
      ['I9', new I9Checker()],
      ['I10', new I10Checker()],
      ['I11', new I11Checker()],
      ['I13', new I13Checker()],
      ['I14', new I14Checker()],
      ['I16', new I16Checker()],
      // I17 asks I1's replay engine, which is in the state just after each step once I1 has run.
      ['I17', new I17Checker(this.i1.engine)],
      ...Object.entries(options.extra ?? {}),
    ];
    for (const [name] of this.checkers) this.found.set(name, []);
  }

  /** I1's replay: its engine, in the state just after the last step, and what it did with that step's event. */
  get replay(): { readonly engine: Engine; readonly last: ApplyResult | undefined } {
    return this.i1;
  }

  /** I1's replay engine and Pod-state comparer, for {@link applyStep} before the step is fed. */
  get replayBefore(): { engine: Engine; comparer: PodStateComparer } {
    return this.i1;
  }

  /** Adds a step checker after the built-in ones (it may read {@link replay}, which runs before it). */
  add(name: string, checker: StepChecker): void {
    this.checkers.push([name, checker]);
    if (!this.found.has(name)) this.found.set(name, []);
  }

  /** Checks one step (its index is the number of steps fed before it). */
  step(s: TraceStep): void {
    const i = this.steps++;
    this.restored?.engine.apply(s.event);
    const scratch = this.scratch;
    for (const [name, checker] of this.checkers) {
      checker.step(s, i, scratch);
      if (scratch.length > 0) {
        for (const v of scratch) this.note(name, v);
        scratch.length = 0;
      }
    }
  }

  /**
   * I1's snapshot: restores a copy of `engine` (the one producing the steps, before the next step),
   * replays the steps fed after this on it, and at {@link finish} compares its state with a full run.
   */
  snapshot(engine: Engine): void {
    const restored = restoreEngine(snapshotEngine(engine), { trusted: this.trusted });
    this.restored = { engine: restored, index: this.steps };
  }

  /** Whether {@link snapshot} was called. */
  get snapshotTaken(): boolean {
    return this.restored !== undefined;
  }

  /** How many Pods the checkers hold memory for (the most any one checker holds). */
  get pods(): number {
    let most = 0;
    for (const [, c] of this.checkers) most = Math.max(most, c.pods);
    return most;
  }

  /**
   * Ends the run: `engine` produced the steps; I1 compares its final state with the replay's and
   * the snapshot's. Returns the violations kept, grouped by invariant (in `invariantCheckers`
   * order, then the extra checkers), each group in step order, as `checkInvariants` lists them.
   */
  finish(engine: Engine): Violation[] {
    // A comparer of its own: one that remembers pairs from the steps would take a manifest changed
    // in place since for equal; the final comparison walks everything once.
    const pods = new PodStateComparer();
    if (!sameEngineState(engine, this.i1.engine, pods))
      this.note('I1', { invariant: 'I1', step: this.steps, message: 'a full replay ends in another state' });
    const r = this.restored;
    if (r !== undefined && !sameEngineState(engine, r.engine, pods)) {
      this.note('I1', {
        invariant: 'I1',
        step: r.index,
        message: `snapshot at step ${r.index} plus the tail differs from a full replay`,
      });
    }
    return [...this.found.values()].flat();
  }

  private note(name: string, v: Violation): void {
    this.violations++;
    const list = this.found.get(name)!;
    if (list.length < this.keep) list.push(v);
  }
}

/** An event of a log that the engine refused (a log must replay cleanly). */
export interface RefusedEvent {
  event: EventInput;
  message: string;
}

/**
 * Replays a log's events and checks every invariant as they come (`podstate verify`): one engine
 * applies them, an {@link InvariantStream} checks each step. Keeps no event: memory follows the
 * live Pods and the removed Pods' summaries. Stops at the first refused event.
 */
export class LogInvariantCheck {
  readonly engine: Engine;
  readonly stream: InvariantStream;
  /** The first event the engine refused, if any: nothing after it is checked. */
  refused: RefusedEvent | undefined;

  constructor(profile: NodeLostProfile = 'current') {
    this.engine = createEngine({ profile });
    this.stream = new InvariantStream({ profile });
  }

  /** Applies and checks one event; false once an event was refused (the log does not replay). */
  push(event: EventInput): boolean {
    if (this.refused !== undefined) return false;
    const engine = this.engine;
    const uid = event.stream.startsWith('pod/') ? event.stream.slice(4) : undefined;
    const before = uid === undefined ? undefined : engine.pods.get(uid);
    const r = engine.apply(event);
    if (!r.ok) {
      this.refused = { event, message: r.rejection.message };
      return false;
    }
    const after = uid === undefined ? undefined : (engine.pods.get(uid) ?? r.transition.after);
    this.stream.step({ event, time: r.transition.time, ok: true, uid, before, after });
    return true;
  }

  /** I1's snapshot + tail check starts here (call it once, e.g. half way through the log). */
  snapshot(): void {
    this.stream.snapshot(this.engine);
  }

  /** The violations found (see {@link InvariantStream.finish}). */
  finish(): Violation[] {
    return this.stream.finish(this.engine);
  }
}

/**
 * Like TraceRecorder, but hands each step to an {@link InvariantStream} instead of keeping it: a
 * generator applies each event once, here, and every invariant is checked as it goes (one pass).
 * A step meant to be refused carries the whole engine's JSON around it (I13), as TraceRecorder does.
 */
export class StreamRecorder {
  /** Events recorded so far. */
  events = 0;

  /** `snapshotAt`: after how many events I1's snapshot is taken (at the end when not reached). */
  constructor(
    private readonly engine: Engine,
    readonly stream: InvariantStream,
    private readonly snapshotAt: number,
  ) {}

  /** Applies one event and checks its step; `refusal` is set when the event is meant to be refused. */
  record(event: EventInput, refusal: string | undefined): void {
    if (this.events === this.snapshotAt) this.stream.snapshot(this.engine);
    this.events++;
    // I1's replay has not seen this event yet: it is the state before it (I13, see applyStep).
    this.stream.step(applyStep(this.engine, event, refusal, this.stream.replayBefore));
  }

  /** Ends the run: every violation found (see {@link InvariantStream.finish}). */
  finish(): Violation[] {
    if (!this.stream.snapshotTaken) this.stream.snapshot(this.engine);
    return this.stream.finish(this.engine);
  }
}
