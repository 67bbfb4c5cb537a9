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
});
