// ShouldContainerBeRestarted (pkg/kubelet/container/helpers.go) answers true for a container the
// runtime holds no status of ("If the container was never started before, we should start it"),
// whatever the restart policy. podstate's policyRestarts (machines/containerRules.ts) reads the
// container's last run and answers false for an OnFailure or Never app container that never ran;
// its callers (the chart's restart guards, restingTerminated, podRules' appFinished, and the
// projections' waiting reason, CrashLoopBackOff Event and Initialized/ContainersReady conditions)
// ask it only of a container in a terminated state, and such a container has always run. These
// tests pin that, and the user-visible side of the upstream rule: a never-run container of a
// Never Pod is still started after a sibling failed.
import { isTerminatedState } from '@podstate/core';
import { ev, given, type Lifecycle, lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);

describe('ShouldContainerBeRestarted: "status == nil" (never ran) is never asked of policyRestarts', () => {
  it('in generated lifecycles every container in a terminated state has its last run (ctx.current)', () => {
    let terminated = 0;
    for (const l of fc.sample(lifecycleArbitrary(), { seed, numRuns: 60 }) as Lifecycle[]) {
      for (const s of l.trace.steps) {
        for (const slot of s.after?.ctx.containers ?? []) {
          if (!isTerminatedState(slot.value)) continue;
          terminated++;
          expect(slot.ctx.current, `${slot.ctx.name} in ${slot.value}`).toBeDefined();
        }
      }
    }
    expect(terminated).toBeGreaterThan(0);
  });

  it('a Never Pod whose app container never ran still starts it after a sibling exited 1 (computePodActions: ShouldContainerBeRestarted is true without a status)', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pair', namespace: 'default' },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'a', image: 'nginx:1.25' },
          { name: 'b', image: 'registry.example.com/b:1.0' },
        ],
      },
    };
    const steps = [
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(pod),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('a'),
      ev.pullFailed('b', 'rpc error: code = NotFound'),
      ev.exited('a', 1),
    ];
    given(...steps)
      .when({ ...ev.pulled('b'), after: 20 })
      .thenAccepted((o) => {
        expect(o.pod?.ctx.terminalPhase).toBeUndefined();
      });
    given(...steps, { ...ev.pulled('b'), after: 20 })
      .when(ev.started('b'))
      .thenAccepted((o) => expect(o.container('b').value).toMatch(/^running/));
  });
});
