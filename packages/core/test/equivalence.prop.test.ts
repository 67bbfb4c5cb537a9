import { createEngine, podMachine } from '@podstate/core';
import { canonicalJSON, lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, it } from 'vitest';
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
          if (next.value !== value)
            throw new Error(`step ${i} ${e.type}: XState is in ${String(next.value)}, the table in ${value}`);
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
