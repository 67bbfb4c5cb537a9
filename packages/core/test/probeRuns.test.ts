// worker.doProbe (pkg/kubelet/prober/worker.go): each probe worker counts its own run of equal
// results (resultRun) and a different result starts a new run; liveness and startup kill at
// failureThreshold (killContainer), readiness flips at successThreshold / failureThreshold. A result
// that changes nothing is a no-op: the Pod keeps its context, so the status projection skips it.
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const podOf = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'probed', namespace: 'default' },
  spec,
});
const exec = { exec: { command: ['ok'] } };
const up = (container: Record<string, unknown>): Step[] => [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25', 'envoy:1.30']),
  ev.podCreated(podOf({ containers: [{ name: 'app', image: 'nginx:1.25', ...container }] })),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
];
const lf = ev.probeFailed('app', 'liveness');
const lok = ev.probeOk('app', 'liveness');
const rok = ev.probeOk('app', 'readiness');
const sf = ev.probeFailed('app', 'startup');

describe('worker.doProbe: a liveness success starts a new run, whatever the readiness', () => {
  it('a ready container: failure, success, failure, failure (failureThreshold 3) keeps running', () => {
    const ready = up({ livenessProbe: { ...exec, failureThreshold: 3 }, readinessProbe: exec });
    given(...ready, rok, lf, lok, lf)
      .when(lf)
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('running.up');
        expect(o.container('app').ctx.kill).toBeUndefined();
        expect(o.container('app').ctx.livenessFailures).toBe(2);
      });
  });
});

describe('worker.doProbe: readiness turns ready only after successThreshold successes in a row', () => {
  it('successThreshold 3: not ready after two successes, ready at the third', () => {
    const steps = up({ readinessProbe: { ...exec, successThreshold: 3 } });
    given(...steps, rok)
      .when(rok)
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('readiness.unknown');
        expect(o.container('app').ctx.readySuccesses).toBe(2);
      });
    given(...steps, rok, rok)
      .when(rok)
      .thenAccepted((o) => expect(o.container('app').value).toContain('readiness.ready'));
  });
});

describe('worker.doProbe: readiness turns not ready only after failureThreshold failures in a row', () => {
  it('a container with only a readiness probe (failureThreshold 2): ready after a failure, not ready at the second', () => {
    const ready = [...up({ readinessProbe: { ...exec, failureThreshold: 2 } }), rok];
    const rf = ev.probeFailed('app', 'readiness');
    given(...ready)
      .when(rf)
      .thenAccepted((o) => expect(o.container('app').value).toContain('readiness.ready'));
    given(...ready, rf)
      .when(rf)
      .thenAccepted((o) => expect(o.container('app').value).toContain('readiness.notReady'));
  });
});

describe('worker.doProbe: a result that changes nothing is a no-op transition (the status projection skips it)', () => {
  it('a liveness success with no failures counted, and a readiness success of a ready container', () => {
    const steps = up({ livenessProbe: exec, readinessProbe: exec });
    for (const [given_, step] of [
      [steps, lok],
      [[...steps, rok], rok],
    ] as const) {
      given(...given_)
        .when(step)
        .thenAccepted((o) => {
          if (!o.result.ok) throw new Error('refused');
          const t = o.result.transition;
          expect(t.after?.ctx).toBe(t.before?.ctx);
        });
    }
  });

  it('a liveness success after a failure does change the Pod (the run resets)', () => {
    given(...up({ livenessProbe: exec }), lf)
      .when(lok)
      .thenAccepted((o) => {
        if (!o.result.ok) throw new Error('refused');
        expect(o.result.transition.after?.ctx).not.toBe(o.result.transition.before?.ctx);
        expect(o.container('app').ctx.livenessFailures).toBe(0);
      });
  });
});

describe('worker.doProbe: the startup run', () => {
  it('a startup success after failures resets the startup failure run', () => {
    given(...up({ startupProbe: { ...exec, failureThreshold: 5 } }), sf, sf)
      .when(ev.probeOk('app', 'startup'))
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('startup.passed');
        expect(o.container('app').ctx.startupFailures).toBe(0);
      });
  });
});

describe('worker.doProbe → killContainer: the run that reached failureThreshold', () => {
  it('a liveness kill counts the liveness run (failureThreshold 3), not the startup one', () => {
    given(...up({ livenessProbe: { ...exec, failureThreshold: 3 } }), lf, lf)
      .when(lf)
      .thenAccepted((o) => {
        const c = o.container('app').ctx;
        expect(c.kill?.probe).toBe('liveness');
        expect(c.livenessFailures).toBe(3);
        expect(c.startupFailures).toBe(0);
      });
  });

  it('a startup kill counts the startup run (failureThreshold 2), not the liveness one', () => {
    given(...up({ startupProbe: { ...exec, failureThreshold: 2 }, livenessProbe: exec }), sf)
      .when(sf)
      .thenAccepted((o) => {
        const c = o.container('app').ctx;
        expect(c.kill?.probe).toBe('startup');
        expect(c.startupFailures).toBe(2);
        expect(c.livenessFailures).toBe(0);
      });
  });

  it('computeInitContainerActions: a sidecar killed by its startup probe never started, so it still holds back the app (a liveness kill would not)', () => {
    const sidecar = (probe: 'startupProbe' | 'livenessProbe') =>
      podOf({
        initContainers: [
          {
            name: 'proxy',
            image: 'envoy:1.30',
            restartPolicy: 'Always',
            [probe]: { ...exec, failureThreshold: 1 },
          },
        ],
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      });
    const bound = (manifest: unknown): Step[] => [
      ev.nodeRegistered('node-1', {}, ['nginx:1.25', 'envoy:1.30']),
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('proxy'),
    ];
    given(...bound(sidecar('startupProbe')), ev.probeFailed('proxy', 'startup'))
      .when(ev.started('app'))
      .thenRejected('sidecar_not_started');
    given(...bound(sidecar('livenessProbe')), ev.probeFailed('proxy', 'liveness'))
      .when(ev.started('app'))
      .thenAccepted();
  });
});
