import { createEngine, type Engine, type EngineOptions } from '../engine/createEngine.js';
import { snapshotEngine } from '../engine/snapshot.js';
import type { ApplyResult, EventInput, PodState, Rejection } from '../engine/types.js';
import type { RefusalCode } from '../machines/refusal.js';
import type { ContainerSlot } from '../machines/types.js';
import { canonicalJSON } from './canonicalJSON.js';
import type { Step } from './steps.js';

/** Time of the first step of every given/when/then scenario. */
export const GIVEN_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

/** Turns steps into timed events: each `after` seconds (default 1) past the previous one. */
export function toEvents(steps: Step[], start = GIVEN_EPOCH): EventInput[] {
  let t = start;
  let pod = 'pod/u1';
  return steps.map((s, i) => {
    if (i > 0) t += (s.after ?? 1) * 1000;
    if (s.type === 'pod.created' && s.stream) pod = s.stream;
    return { stream: s.stream ?? pod, type: s.type, time: new Date(t).toISOString(), data: s.data };
  });
}

/** What `when` did: the result, the engine afterwards, and shortcuts into the Pod. */
export interface Outcome {
  result: ApplyResult;
  engine: Engine;
  /** The event `when` applied, with its time. */
  event: EventInput;
  /** The Pod of the `when` event's stream (or the last Pod created). */
  pod: PodState | undefined;
  /** A container slot of that Pod, by name; throws when there is none. */
  container(name: string): ContainerSlot;
  /** Canonical JSON of the engine before and after the `when` event. */
  before: string;
  after: string;
}

/** A given/when/then scenario under construction; see {@link given}. */
export class Given {
  constructor(
    private readonly steps: Step[],
    private readonly options: EngineOptions = {},
  ) {}

  /** Runs the given steps (all must be accepted), then applies `step`. */
  when(step: Step): Then {
    const events = toEvents([...this.steps, step]);
    const engine = createEngine(this.options);
    for (const e of events.slice(0, -1)) {
      const r = engine.apply(e);
      if (!r.ok) throw new Error(`given: step ${e.type} at ${e.time} was refused: ${r.rejection.message}`);
    }
    const event = events[events.length - 1]!;
    const before = canonicalJSON(snapshotEngine(engine));
    const result = engine.apply(event);
    const after = canonicalJSON(snapshotEngine(engine));
    const uid = event.stream.startsWith('pod/') ? event.stream.slice(4) : lastPod(events);
    const pod = uid === undefined ? undefined : engine.pods.get(uid);
    const container = (name: string) => {
      const i = pod?.ctx.byName[name];
      if (pod === undefined || i === undefined) throw new Error(`then: the Pod has no container "${name}"`);
      return pod.ctx.containers[i]!;
    };
    return new Then({ result, engine, event, pod, container, before, after });
  }

  /** Runs the given steps only; the outcome of the last one. */
  run(): Outcome {
    const last = this.steps[this.steps.length - 1];
    if (last === undefined) throw new Error('given: no steps');
    return new Given(this.steps.slice(0, -1), this.options).when(last).outcome;
  }
}

function lastPod(events: EventInput[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--)
    if (events[i]!.stream.startsWith('pod/')) return events[i]!.stream.slice(4);
  return undefined;
}

/** Assertions on an {@link Outcome}. They throw plain Errors, so any test runner shows them. */
export class Then {
  constructor(readonly outcome: Outcome) {}

  /** Runs `check` on the outcome (use your runner's expect inside). */
  thenOutcome(check: (o: Outcome) => void): Outcome {
    check(this.outcome);
    return this.outcome;
  }

  /** Asserts the event was accepted, then runs `check`. */
  thenAccepted(check?: (o: Outcome) => void): Outcome {
    const r = this.outcome.result;
    if (!r.ok)
      throw new Error(`expected ${this.outcome.event.type} to be accepted, but: ${r.rejection.message}`);
    check?.(this.outcome);
    return this.outcome;
  }

  /**
   * Asserts the event was refused with `code` (the message is for people and never matched) and
   * that the refusal changed nothing (I13); returns the rejection.
   */
  thenRejected(code: RefusalCode): Rejection {
    const r = this.outcome.result;
    if (r.ok) throw new Error(`expected ${this.outcome.event.type} to be rejected, but it was accepted`);
    if (r.rejection.code !== code)
      throw new Error(
        `expected refusal ${code}, got ${r.rejection.code} (${r.rejection.rule}): ${r.rejection.message}`,
      );
    if (this.outcome.before !== this.outcome.after)
      throw new Error(`the rejected ${this.outcome.event.type} changed the engine state`);
    return r.rejection;
  }
}

/**
 * Starts an event-sourced example test: `given(...facts).when(fact).thenAccepted(outcome => …)` (or thenRejected, thenOutcome).
 * Steps are one second apart unless `after`/`ev.wait` says otherwise.
 * @example given(ev.podCreated(pod), ev.scheduled()).when(ev.started('app')).thenRejected('no_sandbox');
 */
export function given(...steps: Step[]): Given {
  return new Given(steps);
}

/** Like {@link given}, with engine options (e.g. the `legacy` node-lost profile). */
export function givenWith(options: EngineOptions, ...steps: Step[]): Given {
  return new Given(steps, options);
}
