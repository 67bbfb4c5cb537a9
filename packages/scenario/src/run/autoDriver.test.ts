import { describe, expect, it } from 'vitest';
import { playScenario } from './playScenario.js';

const run = (podSpec: string, steps: string) =>
  playScenario([
    {
      name: 't.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n${podSpec}---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  steps:\n${steps}`,
    },
  ]);
const types = (r: ReturnType<typeof run>) => r.events.map((e) => `${e.time.slice(17, 19)} ${e.type}`);

describe('the auto-driver does what docs/scenarios.md says', () => {
  const probed =
    '  containers:\n    - name: app\n      image: nginx:1.25\n      readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10, failureThreshold: 1}\n';

  it('a readiness probe result comes only when one is due: periodSeconds after the last (prober worker.go doProbe)', () => {
    const r = run(
      probed,
      [
        '    - {at: 0s, expect: {ready: "1/1"}}',
        '    - {after: 2s, event: container.probe.failed, container: app, probe: readiness}',
        '    - {expect: {ready: "0/1"}}',
        '    - {after: 5s, expect: {ready: "0/1"}}',
        '    - {after: 5s, expect: {ready: "1/1"}}',
        '',
      ].join('\n'),
    );
    expect(r.failures).toEqual([]);
    const probes = r.events.filter((e) => e.type.startsWith('container.probe.'));
    expect(probes.map((e) => `${e.time.slice(17, 19)} ${e.type}`)).toEqual([
      '00 container.probe.succeeded',
      '02 container.probe.failed',
      '12 container.probe.succeeded',
    ]);
  });

  it('the check can fail: with a period of 1s the probe is due again 5s later', () => {
    const r = run(
      probed.replace('periodSeconds: 10', 'periodSeconds: 1'),
      '    - {after: 2s, event: container.probe.failed, container: app, probe: readiness}\n    - {after: 5s, expect: {ready: "0/1"}}\n',
    );
    expect(r.failures).toHaveLength(1);
  });

  it('nothing is produced twice: after an explicit pod.unschedulable, no second one', () => {
    const r = run(
      '  nodeSelector: {disktype: ssd}\n  containers: [{name: app, image: nginx:1.25}]\n',
      '    - {event: pod.unschedulable, message: "0/3 nodes are available"}\n    - {after: 10s, expect: {phase: Pending}}\n',
    );
    expect(r.failures).toEqual([]);
    expect(types(r).filter((t) => t.endsWith('pod.unschedulable'))).toEqual(['00 pod.unschedulable']);
  });

  it('initialDelaySeconds: no probe result until that long after the container started (prober worker.go doProbe: "Probe disabled for InitialDelaySeconds")', () => {
    const r = run(
      probed.replace('periodSeconds: 10', 'periodSeconds: 10, initialDelaySeconds: 15'),
      [
        '    - {at: 0s, expect: {ready: "0/1"}}',
        '    - {after: 14s, expect: {ready: "0/1"}}',
        '    - {after: 1s, expect: {ready: "1/1"}}',
        // After a restart the delay counts from the new start.
        '    - {after: 5s, event: container.exited, container: app, exitCode: 1}',
        '    - {expect: {ready: "0/1", restarts: 1}}',
        '    - {after: 14s, expect: {ready: "0/1"}}',
        '    - {after: 1s, expect: {ready: "1/1"}}',
        '',
      ].join('\n'),
    );
    expect(r.failures).toEqual([]);
    const probes = r.events.filter((e) => e.type.startsWith('container.probe.'));
    expect(probes.map((e) => `${e.time.slice(17, 19)} ${e.type}`)).toEqual([
      '15 container.probe.succeeded',
      '35 container.probe.succeeded',
    ]);
  });

  it('initialDelaySeconds applies to the startup probe too, and the check can fail (ready one second early)', () => {
    const startup =
      '  containers:\n    - name: app\n      image: nginx:1.25\n      startupProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 20}\n';
    const first = '    - {at: 0s, expect: {containers: {app: {state: running, started: false}}}}\n';
    const early = run(startup, `${first}    - {after: 19s, expect: {containers: {app: {started: true}}}}\n`);
    expect(early.failures).toHaveLength(1);
    const due = run(startup, `${first}    - {after: 20s, expect: {containers: {app: {started: true}}}}\n`);
    expect(due.failures).toEqual([]);
  });

  it('scheduler: spec.nodeName, else the first matching registered node by name, else node-1', () => {
    const nodes =
      '---\napiVersion: v1\nkind: Node\nmetadata: {name: zeta, labels: {disk: ssd}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: alpha, labels: {disk: ssd}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: beta}\n';
    const scheduledOn = (spec: string, extra = '') => {
      const r = run(`${spec}${extra}`, '    - {at: 0s, expect: {phase: Running}}\n');
      expect(r.failures).toEqual([]);
      return r.events.find((e) => e.type === 'pod.scheduled')?.data.node;
    };
    const app = '  containers: [{name: app, image: nginx:1.25}]\n';
    expect(scheduledOn(app)).toBe('node-1');
    expect(scheduledOn(`  nodeSelector: {disk: ssd}\n${app}`, nodes)).toBe('alpha');
    expect(scheduledOn(`  nodeName: zeta\n${app}`, nodes)).toBe('zeta');
  });

  it('init containers complete with exit 0 in order; sidecars stop once every app container of a finishing Pod has exited', () => {
    const r = run(
      '  restartPolicy: Never\n  initContainers:\n    - {name: setup, image: busybox:1.36}\n    - {name: proxy, image: envoy:1.30, restartPolicy: Always}\n  containers: [{name: app, image: nginx:1.25}]\n',
      '    - {at: 0s, expect: {status: Running, ready: "2/2"}}\n    - {after: 5s, event: container.exited, container: app, exitCode: 0}\n    - {expect: {phase: Succeeded, containers: {proxy: {state: terminated, exitCode: 0}}}}\n',
    );
    expect(r.failures).toEqual([]);
    const exits = r.events.filter((e) => e.type === 'container.exited');
    expect(exits.map((e) => `${e.time.slice(17, 19)} ${e.data.container} ${e.data.exitCode}`)).toEqual([
      '00 setup 0',
      '05 app 0',
      '05 proxy 0',
    ]);
  });

  describe('after a deletion step (docs: the deletion row)', () => {
    const pod =
      '  terminationGracePeriodSeconds: 30\n  initContainers:\n    - {name: proxy, image: envoy:1.30, restartPolicy: Always}\n    - {name: logger, image: fluent-bit:3.0, restartPolicy: Always}\n  containers:\n    - {name: app, image: nginx:1.25, lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}}\n    - {name: worker, image: nginx:1.25}\n';
    const stops = (r: ReturnType<typeof run>) =>
      r.events
        .filter((e) => /^(container\.(prestop|exited)|pod\.removed)/.test(e.type))
        .map((e) =>
          [e.time.slice(14, 19), e.type, e.data.container, e.data.exitCode, e.data.signal]
            .filter((x) => x !== undefined)
            .join(' '),
        );

    it('within the grace period: preStop hooks complete, apps exit 0, then sidecars in reverse order, then pod.removed, stamped with the time of the next step (killContainersWithSyncResult, I14)', () => {
      const r = run(
        pod,
        '    - {at: 0s, expect: {status: Running}}\n    - {at: 10s, event: pod.deletion.requested}\n    - {after: 1s, expect: {removed: true}}\n',
      );
      expect(r.failures).toEqual([]);
      expect(stops(r)).toEqual([
        '00:11 container.prestop.completed app',
        '00:11 container.exited app 0',
        '00:11 container.exited worker 0',
        '00:11 container.exited logger 0',
        '00:11 container.exited proxy 0',
        '00:11 pod.removed',
      ]);
    });

    it('once gracePeriodSeconds have passed: no preStop completes, each container is killed with 137 / signal 9', () => {
      const r = run(
        pod,
        '    - {at: 0s, expect: {status: Running}}\n    - {at: 10s, event: pod.deletion.requested}\n    - {after: 31s, expect: {removed: true}}\n',
      );
      expect(r.failures).toEqual([]);
      expect(stops(r)).toEqual([
        '00:41 container.exited app 137 9',
        '00:41 container.exited worker 137 9',
        '00:41 container.exited logger 137 9',
        '00:41 container.exited proxy 137 9',
        '00:41 pod.removed',
      ]);
    });

    it('a Pod on no node is removed by the deletion itself: nothing follows', () => {
      const r = run(
        '  nodeSelector: {disk: ssd}\n  containers: [{name: app, image: nginx:1.25}]\n',
        '    - {at: 0s, expect: {status: Pending}}\n    - {after: 5s, event: pod.deletion.requested}\n    - {after: 1s, expect: {removed: true}}\n',
      );
      expect(r.failures).toEqual([]);
      expect(types(r).filter((t) => !t.endsWith('clock.advanced'))).toEqual([
        '00 pod.created',
        '00 pod.unschedulable',
        '05 pod.deletion.requested',
      ]);
    });

    it('before an event step it applies only what makes the step legal: a deletion of a Pod not yet scheduled is legal at once', () => {
      const r = run(
        '  containers: [{name: app, image: nginx:1.25}]\n',
        '    - {at: 10s, event: pod.deletion.requested}\n    - {after: 1s, expect: {removed: true}}\n',
      );
      expect(r.failures).toEqual([]);
      expect(types(r).filter((t) => !t.endsWith('clock.advanced'))).toEqual([
        '00 pod.created',
        '10 pod.deletion.requested',
      ]);
    });
  });

  it('it invents nothing: a running Pod left alone for an hour gets no fact but the clock; on a lost node the kubelet produces nothing', () => {
    const app = '  containers: [{name: app, image: nginx:1.25}]\n';
    const idle = run(
      app,
      '    - {at: 0s, expect: {status: Running}}\n    - {after: 1h, expect: {status: Running}}\n',
    );
    expect(types(idle).slice(-1)).toEqual(['00 clock.advanced']);
    expect(idle.events).toHaveLength(6);
    const lost = run(
      app,
      '    - {at: 0s, event: container.exited, container: app, exitCode: 1}\n    - {event: node.lost, node: node-1}\n    - {after: 100s, expect: {status: Error}}\n',
    );
    expect(lost.failures).toEqual([]);
    expect(lost.events.filter((e) => e.type === 'container.started')).toHaveLength(1);
  });

  it('controllers: the taint-eviction controller evicts 300 s (the toleration) after the node was lost', () => {
    const r = run(
      '  containers: [{name: app, image: nginx:1.25}]\n',
      '    - {at: 0s, expect: {status: Running}}\n    - {event: node.lost, node: node-1}\n    - {after: 299s, expect: {status: Running}}\n    - {after: 1s, expect: {status: Terminating}}\n',
    );
    expect(r.failures).toEqual([]);
    const evicted = r.events.find((e) => e.type === 'pod.evicted');
    expect(evicted && [evicted.time.slice(14, 19), evicted.data.reason]).toEqual([
      '05:00',
      'DeletionByTaintManager',
    ]);
  });

  it('a container killed for a failed liveness probe: its preStop, then the SIGTERM exit 143, or 137 / signal 9 once its grace has passed (killContainer)', () => {
    const pod =
      '  containers:\n    - name: app\n      image: nginx:1.25\n      lifecycle: {preStop: {exec: {command: [sleep, "1"]}}}\n      livenessProbe: {httpGet: {path: /, port: 80}, failureThreshold: 1, terminationGracePeriodSeconds: 10}\n';
    const kill = (after: string) =>
      run(
        pod,
        `    - {at: 0s, expect: {status: Running}}\n    - {after: 5s, event: container.probe.failed, container: app, probe: liveness}\n    - {after: ${after}, expect: {restarts: 1}}\n`,
      ).events.flatMap((e) =>
        /^container\.(prestop|exited|started)/.test(e.type)
          ? [
              [e.time.slice(17, 19), e.type, e.data.exitCode, e.data.signal]
                .filter((x) => x !== undefined)
                .join(' '),
            ]
          : [],
      );
    expect(kill('1s')).toEqual([
      '00 container.started',
      '06 container.prestop.completed',
      '06 container.exited 143',
      '06 container.started',
    ]);
    expect(kill('11s')).toEqual([
      '00 container.started',
      '16 container.exited 137 9',
      '16 container.started',
    ]);
  });
});
