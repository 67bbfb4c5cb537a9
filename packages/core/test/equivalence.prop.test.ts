import {
  type ContainerMachineEvent,
  type ContainerSlot,
  compiledContainerMachine,
  containerMachine,
  createEngine,
  podMachine,
} from '@podstate/core';
import {
  compileMachine,
  containerRules,
  macrostep,
  refuse,
  type StateValueLike,
  selectTransition,
  slotOf,
  stateKey,
  stateValueOf,
} from '@podstate/core/internal';
import { canonicalJSON, type Lifecycle, lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, type SnapshotFrom, transition } from 'xstate';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Math.max(1, Math.floor(Number(process.env.PODSTATE_RUNS ?? 200) / 4));

type Snap = SnapshotFrom<typeof podMachine>;

describe('the compiled table agrees with XState (compileMachine)', () => {
  it("compileMachine: replay's table and XState's transition() give the same state value and context at every step", () => {
    fc.assert(
      fc.property(lifecycleArbitrary({ maxSteps: 80 }), (l) => {
        const engine = createEngine({ profile: l.profile });
        const actors = new Map<string, Snap>();
        l.events.forEach((e, i) => {
          const uid = e.stream.startsWith('pod/') ? e.stream.slice(4) : undefined;
          const snap = uid === undefined ? undefined : actors.get(uid);
          // XState steps first: the engine's side effects (node image cache) follow the transition.
          const next =
            snap === undefined
              ? undefined
              : transition(podMachine, snap, { type: e.type, time: Date.parse(e.time), data: e.data })[0];
          const r = engine.apply(e);
          if (uid === undefined) return;
          if (e.type === 'pod.created') {
            if (r.ok)
              actors.set(
                uid,
                initialTransition(podMachine, { pod: engine.pods.get(uid)!.ctx, env: engine.env })[0],
              );
            return;
          }
          if (next === undefined) return;
          const mine = engine.pods.get(uid);
          const value = mine?.value ?? 'removed';
          if (stateKey(next.value as StateValueLike) !== value)
            throw new Error(
              `step ${i} ${e.type}: XState is in ${stateKey(next.value as StateValueLike)}, the table in ${value}`,
            );
          if (mine !== undefined && canonicalJSON(next.context.pod) !== canonicalJSON(mine.ctx)) {
            throw new Error(`step ${i} ${e.type}: XState and the table disagree on the Pod context`);
          }
          actors.set(uid, next);
        });
      }),
      { seed, numRuns },
    );
  });
});

type ContainerSnap = SnapshotFrom<typeof containerMachine>;
type Compiled = typeof compiledContainerMachine;

/**
 * Steps every container event of a lifecycle through XState's `transition()` (from the state the
 * engine holds) and through a compiled table; returns the first disagreement, or undefined.
 */
function containerDisagreement(l: Lifecycle, table: Compiled): string | undefined {
  const engine = createEngine({ profile: l.profile });
  const compare = (i: number, slot: ContainerSlot, m: ContainerMachineEvent): string | undefined => {
    const snap = containerMachine.resolveState({
      value: stateValueOf(slot.value),
      context: slot.ctx,
    }) as ContainerSnap;
    const next = transition(containerMachine, snap, m)[0];
    const sel = selectTransition(table, slot.value, m.type, slot.ctx, m, undefined);
    const mine = sel.ok
      ? macrostep(table, slot.value, sel.transition, slot.ctx, m, undefined)
      : { state: slot.value, ctx: slot.ctx };
    const theirs = stateKey(next.value as StateValueLike);
    if (theirs !== mine.state)
      return `step ${i} ${m.type}: XState is in ${theirs}, the table in ${mine.state}`;
    if (canonicalJSON(next.context) !== canonicalJSON(mine.ctx))
      return `step ${i} ${m.type}: XState and the table disagree on the container context`;
    return undefined;
  };
  for (const [i, e] of l.events.entries()) {
    const uid = e.stream.startsWith('pod/') ? e.stream.slice(4) : undefined;
    const pod = uid === undefined ? undefined : engine.pods.get(uid);
    const slot = pod === undefined ? undefined : slotOf(pod.ctx, { type: e.type, time: 0, data: e.data });
    const time = Date.parse(e.time);
    if (slot !== undefined && e.type.startsWith('container.')) {
      const why = compare(i, slot, { type: e.type, time, data: e.data } as ContainerMachineEvent);
      if (why !== undefined) return why;
    }
    // The five sync outcomes the Pod machine sends (syncContainerStarts), from every container's state.
    for (const s of pod?.ctx.containers ?? []) {
      const container = s.ctx.name;
      const why =
        compare(i, s, { type: 'sync.image.invalid', time, data: { container } }) ??
        compare(i, s, { type: 'sync.image.neverPull', time, data: { container } }) ??
        compare(i, s, { type: 'sync.image.resolved', time, data: { container } }) ??
        compare(i, s, {
          type: 'sync.config.failed',
          time,
          data: { container, message: 'secret "db" not found' },
        }) ??
        compare(i, s, { type: 'sync.config.resolved', time, data: { container } });
      if (why !== undefined) return why;
    }
    engine.apply(e);
  }
  return undefined;
}

/** Whether the equivalence check finds a disagreement of `broken` within `runs` lifecycles. */
function catches(broken: Compiled, runs = numRuns): boolean {
  return fc.check(
    fc.property(lifecycleArbitrary({ maxSteps: 80 }), (l) => containerDisagreement(l, broken) === undefined),
    { seed, numRuns: runs },
  ).failed;
}

describe('the compiled container table agrees with XState, parallel regions included (compileMachine)', () => {
  it('compileMachine: for every container event, the table and transition() reach the same configuration and context', () => {
    fc.assert(
      fc.property(lifecycleArbitrary({ maxSteps: 80 }), (l) => {
        const why = containerDisagreement(l, compiledContainerMachine);
        if (why !== undefined) throw new Error(why);
      }),
      { seed, numRuns },
    );
  });

  it('the check catches a table that never turns a container ready (a hand-made disagreement)', () => {
    const broken = compileMachine(containerMachine, {
      ...containerRules,
      guards: {
        ...containerRules.guards,
        readinessTurnsReady: () => refuse('broken', 'test', 'never ready'),
      },
    });
    expect(catches(broken, numRuns * 4)).toBe(true);
  });

  it('the check catches a table whose ErrImageNeverPull restart attempt does not count in the crash-loop back-off (doBackOff; a hand-made disagreement)', () => {
    const broken = compileMachine(containerMachine, {
      ...containerRules,
      actions: { ...containerRules.actions, restartAttemptFailed: (c) => c },
    });
    expect(catches(broken)).toBe(true);
  });

  it('the check catches a table whose sync step forgets the CreateContainerConfigError message (a hand-made disagreement)', () => {
    const broken = compileMachine(containerMachine, {
      ...containerRules,
      actions: { ...containerRules.actions, configFailed: (c) => c },
    });
    expect(catches(broken)).toBe(true);
  });
});
