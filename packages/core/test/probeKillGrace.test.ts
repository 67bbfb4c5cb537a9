// setTerminationGracePeriod (kuberuntime_container.go): a container killed by its startup or
// liveness probe gets that probe's terminationGracePeriodSeconds when set, else the Pod's.
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const pod = (container: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    terminationGracePeriodSeconds: 60,
    containers: [{ name: 'app', image: 'nginx:1.25', ...container }],
  },
});
const started = (m: unknown): Step[] => [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
];
const graceOfKill = (o: {
  container(n: string): { ctx: { kill?: { deadline: number } } };
  event: { time: string };
}) => (o.container('app').ctx.kill!.deadline - Date.parse(o.event.time)) / 1000;

describe('setTerminationGracePeriod: the grace of a startup-probe kill', () => {
  it("the startup probe's own terminationGracePeriodSeconds, not the liveness probe's", () => {
    const m = pod({
      startupProbe: { exec: { command: ['ok'] }, failureThreshold: 1, terminationGracePeriodSeconds: 7 },
      livenessProbe: { exec: { command: ['ok'] }, terminationGracePeriodSeconds: 5 },
    });
    given(...started(m))
      .when(ev.probeFailed('app', 'startup'))
      .thenAccepted((o) => {
        expect(o.container('app').ctx.kill?.probe).toBe('startup');
        expect(graceOfKill(o)).toBe(7);
      });
  });

  it("without a probe-level grace (and no liveness probe) the Pod's terminationGracePeriodSeconds", () => {
    const m = pod({ startupProbe: { exec: { command: ['ok'] }, failureThreshold: 1 } });
    given(...started(m))
      .when(ev.probeFailed('app', 'startup'))
      .thenAccepted((o) => expect(graceOfKill(o)).toBe(60));
  });
});

describe('startContainer: a failed postStart hook kills the container at once', () => {
  it('the killed run is recorded as exit 137, reason Error, started and finished at the kill', () => {
    const m = pod({ lifecycle: { postStart: { exec: { command: ['warm'] } } } });
    given(...started(m))
      .when(ev.postStartFailed('app'))
      .thenAccepted((o) => {
        const at = Date.parse(o.event.time);
        expect(o.container('app').ctx.current).toMatchObject({
          exitCode: 137,
          reason: 'Error',
          finishedAt: at,
        });
        expect(o.container('app').ctx.current!.startedAt).toBe(at - 1000);
      });
  });
});

describe('killContainer: a deletion while a probe kill runs keeps the earlier deadline', () => {
  const withLivenessGrace = (seconds: number) =>
    pod({
      livenessProbe: {
        exec: { command: ['ok'] },
        failureThreshold: 1,
        terminationGracePeriodSeconds: seconds,
      },
    });

  it('the probe kill ends sooner (5 s) than the deletion grace (30 s): its deadline stands', () => {
    given(...started(withLivenessGrace(5)), ev.probeFailed('app', 'liveness'))
      .when(ev.deletion(30))
      .thenAccepted((o) => {
        const kill = o.container('app').ctx.kill!;
        expect(kill.probe).toBe('liveness');
        // The probe failed 1 s before the deletion: 4 s of its 5 s grace are left.
        expect((kill.deadline - Date.parse(o.event.time)) / 1000).toBe(4);
      });
  });

  it('the deletion grace (10 s) ends sooner than the probe kill (60 s): the deletion deadline applies', () => {
    given(...started(withLivenessGrace(60)), ev.probeFailed('app', 'liveness'))
      .when(ev.deletion(10))
      .thenAccepted((o) => {
        const kill = o.container('app').ctx.kill!;
        expect(kill.probe).toBe('liveness');
        expect((kill.deadline - Date.parse(o.event.time)) / 1000).toBe(10);
      });
  });
});
