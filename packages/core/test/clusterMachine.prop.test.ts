import { clusterMachine } from '@podstate/core';
import { applyClusterEvent } from '@podstate/core/internal';
import { lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, assign } from 'xstate';
import { divergence } from './clusterDivergence.js';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Math.max(1, Math.floor(Number(process.env.PODSTATE_RUNS ?? 200) / 4));

const property = (machine: AnyStateMachine) =>
  fc.property(lifecycleArbitrary({ maxSteps: 80 }), (l) => {
    const d = divergence(l.events, l.profile, machine);
    if (d !== undefined) throw new Error(d);
  });

describe(`the bare actor equals the engine (clusterMachine; seed ${seed})`, () => {
  it('createActor(clusterMachine) fed generated lifecycles (driveLifecycle) reaches the engine’s Pod states, contexts, cluster and refusals at every step', () => {
    fc.assert(property(clusterMachine), { seed, numRuns });
  });

  it('the checker catches a hand-made divergence: a cluster machine that forgets the image a pull put in the node’s cache', () => {
    const forgetful = clusterMachine.provide({
      actions: {
        apply: assign(({ context, event }) => {
          const next = applyClusterEvent(context, event);
          if (event.type !== 'container.image.pulled' || next.rejection !== undefined) return next;
          return { ...next, env: { ...context.env, time: next.env.time } };
        }),
      },
    });
    const r = fc.check(property(forgetful), { seed, numRuns });
    expect(r.failed, 'the property should fail for the forgetful machine').toBe(true);
    expect(String(r.errorInstance)).toMatch(/container\.image\.pulled.*the cluster/);
  });
});
