// worker.doProbe (pkg/kubelet/prober/worker.go): a probe's result changes only after
// failureThreshold failures (successThreshold successes) in a row — the worker counts the run of
// equal results (resultRun) and a different result starts a new run. Liveness at its threshold
// kills the container (killContainer); readiness flips ready/not ready. Each probe counts only its
// own results.
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        livenessProbe: { exec: { command: ['ok'] }, failureThreshold: 3 },
        readinessProbe: { exec: { command: ['ok'] }, failureThreshold: 2 },
      },
    ],
  },
};
const up: Step[] = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
];
const lf = ev.probeFailed('app', 'liveness');
const rf = ev.probeFailed('app', 'readiness');

describe('worker.doProbe: liveness failures below failureThreshold only count', () => {
  it('failures 1 and 2 of 3 leave the container running, the third kills it (livenessProbe)', () => {
    given(...up)
      .when(lf)
      .thenAccepted((o) => {
        const app = o.container('app');
        expect(app.value).toContain('running.up');
        expect(app.ctx.livenessFailures).toBe(1);
        expect(app.ctx.kill).toBeUndefined();
      });
    given(...up, lf)
      .when(lf)
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('running.up');
        expect(o.container('app').ctx.livenessFailures).toBe(2);
      });
    given(...up, lf, lf)
      .when(lf)
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('running.stopping');
        expect(o.container('app').ctx.kill?.probe).toBe('liveness');
      });
  });

  it('a success starts a new run: two failures, a success, two failures do not kill', () => {
    given(...up, lf, lf)
      .when(ev.probeOk('app', 'liveness'))
      .thenAccepted((o) => expect(o.container('app').ctx.livenessFailures).toBe(0));
    given(...up, lf, lf, ev.probeOk('app', 'liveness'), lf)
      .when(lf)
      .thenAccepted((o) => expect(o.container('app').value).toContain('running.up'));
  });

  it('a readiness failure is not a liveness failure, and a liveness failure not a readiness one', () => {
    given(...up, lf)
      .when(rf)
      .thenAccepted((o) => {
        expect(o.container('app').ctx.livenessFailures).toBe(1);
        expect(o.container('app').ctx.readyFailures).toBe(1);
      });
    given(...up, lf, lf, rf)
      .when(lf)
      .thenAccepted((o) => expect(o.container('app').ctx.kill?.probe).toBe('liveness'));
  });
});

describe('worker.doProbe: readiness flips only at its thresholds', () => {
  it('ready after one success (successThreshold 1); a further success changes nothing', () => {
    given(...up)
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').value).toContain('readiness.ready'));
    given(...up, ev.probeOk('app', 'readiness'))
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('readiness.ready');
        expect(o.container('app').ctx.readySuccesses).toBe(1);
      });
  });

  it('a ready container stays ready after 1 failure of 2 and turns not ready at the second; further failures count on', () => {
    const ready = [...up, ev.probeOk('app', 'readiness')];
    given(...ready)
      .when(rf)
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('readiness.ready');
        expect(o.container('app').ctx.readyFailures).toBe(1);
      });
    given(...ready, rf)
      .when(rf)
      .thenAccepted((o) => expect(o.container('app').value).toContain('readiness.notReady'));
    given(...ready, rf, rf)
      .when(rf)
      .thenAccepted((o) => {
        expect(o.container('app').value).toContain('readiness.notReady');
        expect(o.container('app').ctx.readyFailures).toBe(3);
      });
  });
});
