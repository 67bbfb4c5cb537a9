import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isPodstateError } from '@podstate/core';
import { comparePod, conformRecording, type ObservedPod, parseRecording } from '@podstate/import';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const dir = new URL('./fixtures/', import.meta.url);
const realDir = new URL('./fixtures/real/', import.meta.url);
const realFiles = readdirSync(realDir).sort();
const read = (name: string) => readFileSync(new URL(name, realDir), 'utf8');

function summary(file: string, text: string) {
  const r = conformRecording(parseRecording(text, file));
  return r.pods.map((p) => ({
    file,
    pod: p.name,
    refused: p.refused?.message,
    compared: p.compared,
    differences: p.differences.map(
      (d) => `${d.field}: cluster ${JSON.stringify(d.observed)}, podstate ${JSON.stringify(d.podstate)}`,
    ),
  }));
}

describe('podstate import and conform on Pods captured from real clusters', () => {
  it('has at least 20 real Pods, each naming its source', () => {
    expect(realFiles.length).toBeGreaterThanOrEqual(20);
    const readme = readFileSync(new URL('README.md', dir), 'utf8');
    for (const f of realFiles) {
      if (f.endsWith('.yaml')) expect(read(f).split('\n')[0]).toMatch(/^# Source: https:\/\/github\.com\//);
      else expect(readme).toContain(`real/${f}`);
    }
  });

  it('imports every real Pod (a legal sequence of facts reaches each) and conforms it as recorded in conformance.golden.json', () => {
    const all = realFiles.flatMap((f) => summary(f, read(f)));
    for (const s of all) expect(s.refused, `${s.file}`).toBeUndefined();
    const golden = new URL('conformance.golden.json', dir);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, `${JSON.stringify(all, null, 2)}\n`);
    expect(all).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
    const compared = all.reduce((n, s) => n + s.compared, 0);
    const differing = all.reduce((n, s) => n + s.differences.length, 0);
    const exact = all.filter((s) => s.differences.length === 0).length;
    console.log(
      `conformance: ${all.length} real Pods, ${exact} reproduced exactly; ${compared - differing}/${compared} fields agree`,
    );
  });
});

describe('an OOMKilled container (real capture: kubeshark-worker-oomkilled.json)', () => {
  it('imports lastState.terminated OOMKilled / exitCode 137 as the exit the kubelet recorded (convertToAPIContainerStatuses), and the next run as running', () => {
    const text = read('kubeshark-worker-oomkilled.json');
    const r = conformRecording(parseRecording(text, 'oom.json'));
    const exit = r.plan.events.find((e) => e.type === 'container.exited');
    expect(exit?.data).toMatchObject({ container: 'kubeshark-worker', exitCode: 137, reason: 'OOMKilled' });
    const ours = r.pods[0]!.podstate!.object.status!.containerStatuses![0]!;
    expect(ours.lastState).toMatchObject({ terminated: { exitCode: 137, reason: 'OOMKilled' } });
    expect(ours.restartCount).toBe(1);
    expect(r.pods[0]!.differences).toEqual([]);
  });
});

describe('a watch stream: every observation (kubectl get pods -w -o json --output-watch-events)', () => {
  // The coredns Pod of flanksource-healthy.yaml (real) as a watch shows it on its way there: the
  // earlier objects are built from the real one with the kubelet's and scheduler's updates undone
  // (created → bound → ContainerCreating → running, not ready yet → ready), in the shape the API
  // server sends them.
  const real = parseRecording(read('flanksource-healthy.yaml'), 'h.yaml').pods[0]!.pod;
  const at = (pod: ObservedPod, edit: (p: ObservedPod & { status: Record<string, unknown> }) => void) => {
    const copy = structuredClone(pod) as ObservedPod & { status: Record<string, unknown> };
    edit(copy);
    return copy;
  };
  const cs = (p: ObservedPod) => (p.status!.containerStatuses as Record<string, unknown>[])[0]!;
  const created = at(real, (p) => {
    delete p.spec.nodeName;
    p.status = { phase: 'Pending', qosClass: 'Burstable' };
  });
  const bound = at(real, (p) => {
    p.status = {
      phase: 'Pending',
      qosClass: 'Burstable',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-07-25T09:59:41Z' }],
    };
  });
  const creating = at(real, (p) => {
    p.status = {
      phase: 'Pending',
      hostIP: '10.0.5.138',
      qosClass: 'Burstable',
      startTime: '2024-07-25T09:59:41Z',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'False' },
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'coredns',
          image: cs(real).image,
          imageID: '',
          ready: false,
          restartCount: 0,
          started: false,
          lastState: {},
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    };
  });
  const notReady = at(real, (p) => {
    const c = cs(p);
    c.ready = false;
    p.status.conditions = [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
      { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady' },
      { type: 'PodScheduled', status: 'True' },
    ];
  });
  const stream = [created, bound, creating, notReady, real].map((object, i) =>
    JSON.stringify({ type: i === 0 ? 'ADDED' : 'MODIFIED', object }),
  );

  it('derives facts that pass through every observation in order, and conform compares each (readiness after the observation that was not ready yet: prober_manager UpdatePodStatus)', () => {
    const r = conformRecording(parseRecording(stream.join('\n'), 'w.json'));
    const pod = r.pods[0]!;
    expect(r.plan.pods[0]!.derivedFrom).toBe('observations');
    expect(
      pod.earlier.map((o) => [
        o.where,
        o.differences.map((d) => `${d.field}: ${d.observed} / ${d.podstate}`),
      ]),
    ).toEqual([
      ['w.json:1', []],
      // Bound, before the kubelet's first status update: no container statuses yet, so kubectl
      // prints the phase; podstate has the waiting ContainerCreating status from the binding on.
      ['w.json:2', ['kubectl get pods STATUS: Pending / ContainerCreating']],
      ['w.json:3', []],
      ['w.json:4', []],
    ]);
    expect(pod.earlier.every((o) => o.compared > 0)).toBe(true);
    expect(pod.differences).toEqual([]);
    // The facts' order follows the observations: bound after the first, the sandbox after the
    // third (it had no IP), the readiness probe after the fourth.
    const t = (type: string) => r.plan.events.find((e) => e.type === type)!.time;
    const obs = r.plan.pods[0]!.observations.map((o) => o.at);
    expect(Date.parse(t('pod.scheduled'))).toBeGreaterThan(obs[0]!);
    expect(Date.parse(t('pod.sandbox.ready'))).toBeGreaterThan(obs[2]!);
    expect(Date.parse(t('container.probe.succeeded'))).toBeGreaterThan(obs[3]!);
  });

  it('from the last observation alone the not-ready observation is not reproduced: conform names it (the comparison can fail)', () => {
    const lastOnly = conformRecording(parseRecording(stream[4]!, 'w.json'));
    const withEarlier = conformRecording({
      pods: [
        ...parseRecording(stream[3]!, 'w.json').pods.map((p) => ({ ...p, where: 'w.json:4' })),
        ...parseRecording(stream[4]!, 'w.json').pods.map((p) => ({ ...p, where: 'w.json:5' })),
      ],
      events: [],
    });
    expect(withEarlier.pods[0]!.earlier[0]!.differences).toEqual([]);
    // Replaying the last observation's facts, the container is ready at the start already.
    const facts = lastOnly.plan.events.filter((e) => e.type === 'container.probe.succeeded');
    expect(facts.map((e) => e.time)).toEqual(['2024-07-25T09:59:43.000Z']);
    const observed = withEarlier.plan.pods[0]!.observations[0]!;
    const ours = conformRecording(parseRecording(stream[4]!, 'w.json')).pods[0]!.podstate!.object;
    const d = comparePod(observed.pod, ours, observed.at).differences.map((x) => x.field);
    expect(d).toContain('status.containerStatuses[coredns].ready');
  });

  it('refuses a stream whose restart count goes down (kubelet convertToAPIContainerStatuses), naming the field', () => {
    const restarted = at(real, (p) => {
      cs(p).restartCount = 2;
    });
    const text = [restarted, real].map((o) => JSON.stringify(o)).join('\n');
    const r = conformRecording(parseRecording(text, 'w.json'));
    // The richer derivation is refused; the last observation alone is imported.
    expect(r.plan.pods[0]!.derivedFrom).toBe('last');
    expect(r.pods[0]!.earlier[0]!.differences.map((d) => d.field)).toContain(
      'status.containerStatuses[coredns].restartCount',
    );
  });
});

describe('facts from kubectl get events -o json (fixtures/events: real-shaped, for the real coredns Pod)', () => {
  const pod = read('flanksource-healthy.yaml');
  const events = readFileSync(new URL('events/flanksource-healthy.events.json', dir), 'utf8');
  const facts = (r: ReturnType<typeof conformRecording>, type: string) =>
    r.plan.events.filter((e) => e.type === type).map((e) => [e.time, e.data]);

  it('Pulling/Pulled give the pull its times (kubelet EnsureImageExists), Unhealthy a readiness failure before the success that made the container ready (prober worker doProbe), Scheduled the binding time; the Pod is still reproduced', () => {
    const r = conformRecording(parseRecording(`${pod}\n---\n${stringify(JSON.parse(events))}`, 'p.yaml'));
    expect(r.plan.pods[0]!.derivedFrom).toBe('all');
    expect(facts(r, 'container.image.pulling')).toEqual([
      ['2024-07-25T09:59:41.000Z', { container: 'coredns' }],
    ]);
    expect(facts(r, 'container.image.pulled').map(([t]) => t)).toEqual(['2024-07-25T09:59:42.000Z']);
    expect(facts(r, 'container.probe.failed')).toEqual([
      [
        '2024-07-25T09:59:43.000Z',
        {
          container: 'coredns',
          probe: 'readiness',
          message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
        },
      ],
    ]);
    const success = facts(r, 'container.probe.succeeded');
    expect(success.map(([t]) => t)).toEqual(['2024-07-25T09:59:43.001Z']);
    expect(facts(r, 'pod.scheduled').map(([t]) => t)).toEqual(['2024-07-25T09:59:41.000Z']);
    expect(r.pods[0]!.differences).toEqual([]);
    // Without the Events, the pull happens at the start and no probe fails.
    const bare = conformRecording(parseRecording(pod, 'p.yaml'));
    expect(facts(bare, 'container.image.pulled').map(([t]) => t)).toEqual(['2024-07-25T09:59:43.000Z']);
    expect(facts(bare, 'container.probe.failed')).toEqual([]);
  });

  it('FailedScheduling gives an unschedulable attempt with the scheduler’s message (schedule_one.go handleSchedulingFailure); Events of other Pods are left out', () => {
    const real = parseRecording(pod, 'p.yaml').pods[0]!.pod;
    const pending = structuredClone(real);
    delete pending.spec.nodeName;
    pending.status = { phase: 'Pending', qosClass: 'Burstable' };
    const failed = {
      kind: 'Event',
      involvedObject: {
        kind: 'Pod',
        namespace: 'kube-system',
        name: real.metadata.name,
        uid: real.metadata.uid,
      },
      reason: 'FailedScheduling',
      type: 'Warning',
      message:
        '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
      firstTimestamp: '2024-07-25T09:59:41Z',
      lastTimestamp: '2024-07-25T09:59:41Z',
      count: 1,
    };
    const other = {
      ...failed,
      involvedObject: { ...failed.involvedObject, name: 'someone-else' },
      message: 'x',
    };
    const r = conformRecording(
      parseRecording([pending, failed, other].map((o) => JSON.stringify(o)).join('\n'), 'p.json'),
    );
    expect(facts(r, 'pod.unschedulable')).toEqual([
      ['2024-07-25T09:59:41.000Z', { message: failed.message }],
    ]);
    const cond = r.pods[0]!.podstate!.object.status!.conditions!.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: failed.message });
  });
});

describe('recording formats as people paste them (kubectl get pods -o json|yaml, -w, --output-watch-events)', () => {
  const base = JSON.parse(read('k9s-po_sidecar.json')) as ObservedPod;
  const expected = summary('x', JSON.stringify(base));
  const same = (text: string) =>
    expect(summary('x', text).map(({ file: _f, ...s }) => s)).toEqual(
      expected.map(({ file: _f, ...s }) => s),
    );

  it('reads YAML, with unquoted timestamps, as it reads JSON', () => same(stringify(base)));
  it('reads an object without apiVersion and kind', () => {
    const { apiVersion: _a, kind: _k, ...bare } = base;
    same(JSON.stringify(bare));
  });
  it('ignores managedFields', () =>
    same(
      JSON.stringify({
        ...base,
        metadata: {
          ...base.metadata,
          managedFields: [{ manager: 'kubelet', operation: 'Update', time: '2099-01-01T00:00:00Z' }],
        },
      }),
    ));
  it('reads a v1 List with several Pods', () => {
    const other = { ...base, metadata: { ...base.metadata, name: 'other', uid: 'u-other' } };
    const r = conformRecording(
      parseRecording(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [base, other] }), 'l.json'),
    );
    expect(r.pods.map((p) => [p.name, p.differences.length])).toEqual([
      ['default/sleep', 0],
      ['default/other', 0],
    ]);
  });
  it('reads a -w -o json stream of concatenated objects and keeps the last observation of each Pod', () => {
    const earlier = { ...base, status: { ...base.status, phase: 'Pending', containerStatuses: [] } };
    const text = `${JSON.stringify(earlier, null, 4)}\n${JSON.stringify(base, null, 4)}\n`;
    same(text);
  });
  it('reads --output-watch-events ADDED/MODIFIED/DELETED', () => {
    const text = [
      { type: 'ADDED', object: base },
      { type: 'MODIFIED', object: base },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n');
    same(text);
    const deleted = parseRecording(`${text}\n${JSON.stringify({ type: 'DELETED', object: base })}`, 'w.json');
    expect(deleted.pods.map((p) => p.watchType)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });
  it('keeps kubectl get events -o json apart from the Pods', () => {
    const events = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          kind: 'Event',
          involvedObject: { kind: 'Pod', name: 'sleep' },
          reason: 'Started',
          message: 'Started container sleep',
        },
      ],
    };
    const r = parseRecording(`${JSON.stringify(base)}\n${JSON.stringify(events)}`, 'p.json');
    expect(r.pods).toHaveLength(1);
    expect(r.events).toHaveLength(1);
  });
});

describe('bad recordings', () => {
  it('refuses text that is not Kubernetes JSON/YAML, naming the file and line', () => {
    for (const text of ['{"a": 1', 'just: [unclosed', '42']) {
      try {
        parseRecording(text, 'bad.json');
        expect.unreachable();
      } catch (e) {
        expect(isPodstateError(e, 'bad_input')).toBe(true);
        expect((e as Error).message).toMatch(/bad\.json/);
      }
    }
  });
  it('refuses a Deployment: import reads Pods', () => {
    expect(() =>
      parseRecording('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n', 'd.yaml'),
    ).toThrow(/d\.yaml:1: kind Deployment is not a Pod/);
  });
  it('refuses a Pod without status, naming the Pod and the field', () => {
    const { status: _s, ...manifest } = JSON.parse(read('k9s-po.json')) as ObservedPod;
    const r = conformRecording(parseRecording(JSON.stringify(manifest), 'm.json'));
    expect(r.pods[0]!.refused?.field).toBe('status');
    expect(r.pods[0]!.refused?.message).toMatch(/Pod default\/nginx: status: the Pod has no status/);
    expect(r.plan.events).toEqual([]);
  });
  it('refuses a status that contradicts its spec (an app container ran before its init container completed: kubelet computeInitContainerActions)', () => {
    const text = readFileSync(new URL('k9s-po_init-contradiction.json', dir), 'utf8');
    const r = conformRecording(parseRecording(text, 'po_init.json'));
    expect(r.pods[0]!.refused?.field).toBe('status.containerStatuses[0].state');
    expect(r.pods[0]!.refused?.rule).toMatch(/I3/);
    expect(r.plan.events).toEqual([]);
  });
  it('refuses restarts faster than the crash-loop back-off allows (kubelet doBackOff), naming the field', () => {
    const pod = JSON.parse(
      JSON.stringify(parseRecording(read('argo-pod-crashloop.yaml'), 'c.yaml').pods[0]!.pod),
    ) as ObservedPod;
    const cs = (pod.status!.containerStatuses as Record<string, unknown>[])[0]!;
    cs.restartCount = 40;
    const r = conformRecording({ pods: [{ pod, where: 'c.yaml' }], events: [] });
    expect(r.pods[0]!.refused?.field).toMatch(
      /^status\.containerStatuses\[0\]\.lastState\.terminated\.startedAt$/,
    );
    expect(r.pods[0]!.refused?.rule).toMatch(/back-off/);
  });
});

describe('a sandbox recreated: the real Istio-injected Pod of a MiniKF node that restarted (kubeflow-istio-notebook.yaml)', () => {
  const file = 'kubeflow-istio-notebook.yaml';
  it('derives pod.sandbox.died between the app containers’ previous runs and the second round of init containers, and a new sandbox (kuberuntime_manager.go computePodActions: podSandboxChanged → kill, purge the init containers, start init container 0)', () => {
    const parsed = parseRecording(read(file), file);
    const pod = parsed.pods[0]!.pod as ObservedPod & {
      spec: { initContainers: { name: string }[]; containers: { name: string }[] };
    };
    expect(pod.spec.initContainers.map((c) => c.name)).toContain('istio-init');
    expect(pod.spec.containers.map((c) => c.name)).toContain('istio-proxy');
    const r = conformRecording(parsed);
    expect(r.pods[0]!.refused).toBeUndefined();
    const sandbox = r.plan.events
      .filter(
        (e) =>
          e.type.startsWith('pod.sandbox') ||
          (e.type === 'container.started' && e.data.container === 'istio-init'),
      )
      .map((e) => `${e.type}${e.type === 'container.started' ? ` ${e.data.container}` : ''} ${e.time}`);
    expect(sandbox).toEqual([
      'pod.sandbox.ready 2022-08-10T15:52:00.000Z',
      'container.started istio-init 2022-08-10T15:52:00.000Z',
      // After istio-proxy's exit (lastState.finishedAt 19:01:06): the node went down.
      'pod.sandbox.died 2022-08-10T19:01:06.000Z',
      // Room for startup-lock's failed run (restartCount 1) 10 s before its current one at 07:06:45.
      'pod.sandbox.ready 2022-08-11T07:06:35.000Z',
      'container.started istio-init 2022-08-11T07:06:52.000Z',
    ]);
    // podstate reproduces every app container (restartCount 1, lastState Completed, running) and
    // the Pod; it differs on the init containers' counts and lastState (see real-clusters.md).
    expect(r.pods[0]!.differences.map((d) => d.field)).toEqual([
      'status.initContainerStatuses[startup-lock-init-container].lastState',
      'status.initContainerStatuses[startup-lock-init-container].restartCount',
      'status.initContainerStatuses[istio-init].lastState',
      'status.initContainerStatuses[istio-init].restartCount',
    ]);
  });

  it('under restartPolicy Never the kubelet creates no second sandbox (computePodActions), so the same status has no legal sequence: app containers never restart under Never (I6); nothing appended', () => {
    const pod = structuredClone(parseRecording(read(file), file).pods[0]!.pod);
    pod.spec.restartPolicy = 'Never';
    const r = conformRecording({ pods: [{ pod, where: file }], events: [] });
    expect(r.pods[0]!.refused?.field).toBe('status.containerStatuses[0].restartCount');
    expect(r.pods[0]!.refused?.rule).toMatch(/I6/);
    expect(r.plan.events).toEqual([]);
  });
});

describe('comparePod', () => {
  it('reports a hand-made difference with the rule that decided podstate’s value', () => {
    const text = read('argo-pod-crashloop.yaml');
    const r = conformRecording(parseRecording(text, 'c.yaml'));
    const ours = r.pods[0]!.podstate!.object;
    const observed = JSON.parse(JSON.stringify(r.plan.pods[0]!.observed)) as ObservedPod;
    (observed.status!.containerStatuses as Record<string, unknown>[])[0]!.restartCount = 7;
    observed.status!.phase = 'Failed';
    const d = comparePod(observed, ours, r.plan.pods[0]!.observedAt).differences;
    expect(d.map((x) => x.field)).toEqual([
      'status.phase',
      'status.containerStatuses[main].restartCount',
      'kubectl get pods RESTARTS',
    ]);
    expect(d[0]!.rule).toMatch(/getPhase/);
  });
});
