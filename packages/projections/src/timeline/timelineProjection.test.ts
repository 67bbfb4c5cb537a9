import { createEngine, type Engine } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { foldEvent } from '../fold/foldTransitions.js';
import { describePod } from '../kube/describePod.js';
import { StatusProjection } from '../status/statusProjection.js';
import { TimelineProjection } from './timelineProjection.js';

const T0 = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

type Step = [second: number, type: string, data?: Record<string, unknown>, stream?: string];

const pod = (spec: Record<string, unknown>, name = 'web') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const app = (extra: Record<string, unknown> = {}) =>
  pod({ containers: [{ name: 'app', image: 'nginx:1.25', ...extra }] });

/** Applies real facts to a fresh engine, folding the timeline; a refused fact fails the test. */
function drive(
  manifest: unknown,
  steps: Step[],
): { engine: Engine; timeline: TimelineProjection; status: StatusProjection } {
  const engine = createEngine();
  const timeline = new TimelineProjection();
  const status = new StatusProjection();
  const all: Step[] = [[0, 'pod.created', { manifest }], ...steps];
  for (const [s, type, data = {}, stream = 'pod/u1'] of all) {
    const r = foldEvent(engine, { stream, type, time: at(s), data }, [timeline, status]);
    if (!r.ok) throw new Error(r.rejection.message);
  }
  return { engine, timeline, status };
}

const rows = (t: TimelineProjection, uid = 'u1') =>
  t.events(uid).map((e) => `${e.type} ${e.reason} x${e.count} ${e.source}: ${e.message}`);

const running: Step[] = [
  [0, 'pod.scheduled', { node: 'node-1' }],
  [1, 'pod.sandbox.ready', { podIP: '10.244.0.5' }],
  [1, 'container.image.pulled', { container: 'app' }],
  [2, 'container.started', { container: 'app' }],
];

describe('TimelineProjection', () => {
  it('scheduler and kubelet: Scheduled, Pulling, Pulled, Created, Started with upstream messages', () => {
    const { timeline } = drive(app(), [
      [0, 'pod.scheduled', { node: 'node-1' }],
      [1, 'pod.sandbox.ready', { podIP: '10.244.0.5' }],
      [1, 'container.image.pulling', { container: 'app' }],
      [3.5, 'container.image.pulled', { container: 'app' }],
      [4, 'container.started', { container: 'app' }],
    ]);
    expect(rows(timeline)).toEqual([
      'Normal Scheduled x1 default-scheduler: Successfully assigned default/web to node-1',
      'Normal Pulling x1 kubelet: Pulling image "nginx:1.25"',
      'Normal Pulled x1 kubelet: Successfully pulled image "nginx:1.25" in 2.5s (2.5s including waiting)',
      'Normal Created x1 kubelet: Created container: app',
      'Normal Started x1 kubelet: Started container app',
    ]);
    expect(timeline.events('u1')[1]).toMatchObject({
      involvedObject: { fieldPath: 'spec.containers{app}' },
      firstTimestamp: '2026-01-01T00:00:01Z',
    });
  });

  it('EnsureImageExists: an image present on the node gives "already present on machine"', () => {
    const node: Step = [
      0,
      'node.registered',
      { node: 'node-1', labels: {}, images: ['nginx:1.25'] },
      'node/node-1',
    ];
    const { timeline } = drive(app(), [
      node,
      [0, 'pod.scheduled', { node: 'node-1' }],
      [1, 'pod.sandbox.ready', { podIP: '10.244.0.5' }],
      [1, 'container.created', { container: 'app' }],
      [2, 'container.started', { container: 'app' }],
    ]);
    expect(rows(timeline).slice(1)).toEqual([
      'Normal Pulled x1 kubelet: Container image "nginx:1.25" already present on machine',
      'Normal Created x1 kubelet: Created container: app',
      'Normal Started x1 kubelet: Started container app',
    ]);
  });

  it('doBackOff: a crash loop records BackOff, and repeats are counted with first/last timestamps', () => {
    const { timeline, status, engine } = drive(app(), [
      ...running,
      [5, 'container.exited', { container: 'app', exitCode: 1 }],
      [5, 'container.started', { container: 'app' }],
      [6, 'container.exited', { container: 'app', exitCode: 1 }],
      [16, 'container.started', { container: 'app' }],
      [17, 'container.exited', { container: 'app', exitCode: 1 }],
    ]);
    const backOff = timeline.events('u1').find((e) => e.reason === 'BackOff');
    expect(backOff).toEqual({
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod web_default(u1)',
      source: 'kubelet',
      firstTimestamp: '2026-01-01T00:00:06Z',
      lastTimestamp: '2026-01-01T00:00:17Z',
      count: 2,
      involvedObject: { fieldPath: 'spec.containers{app}' },
    });
    expect(timeline.events('u1').find((e) => e.reason === 'Started')).toMatchObject({ count: 3 });
    const text = describePod(status.get(engine, 'u1', T0 + 20_000)!, timeline.events('u1'), T0 + 20_000);
    expect(text).toContain(
      'Warning  BackOff    3s (x2 over 14s)  kubelet            Back-off restarting failed container app in pod web_default(u1)',
    );
  });

  it('EnsureImageExists: a failed pull, then ImagePullBackOff once event time moves on', () => {
    const { timeline } = drive(app(), [
      [0, 'pod.scheduled', { node: 'node-1' }],
      [1, 'pod.sandbox.ready', { podIP: '10.244.0.5' }],
      [
        2,
        'container.image.pull.failed',
        { container: 'app', message: 'rpc error: code = NotFound desc = not found' },
      ],
      [3, 'clock.advanced', {}, 'cluster'],
    ]);
    expect(rows(timeline).slice(1)).toEqual([
      'Normal Pulling x1 kubelet: Pulling image "nginx:1.25"',
      'Warning Failed x1 kubelet: Failed to pull image "nginx:1.25": rpc error: code = NotFound desc = not found',
      'Warning Failed x1 kubelet: Error: ErrImagePull',
      'Normal BackOff x1 kubelet: Back-off pulling image "nginx:1.25"',
      'Warning Failed x1 kubelet: Error: ImagePullBackOff',
    ]);
  });

  it('EnsureImageExists: imagePullPolicy Never with the image absent → ErrImageNeverPull', () => {
    const { timeline } = drive(app({ imagePullPolicy: 'Never' }), running.slice(0, 2));
    expect(rows(timeline).slice(1)).toEqual([
      'Warning ErrImageNeverPull x1 kubelet: Container image "nginx:1.25" is not present with pull policy of Never',
      'Warning Failed x1 kubelet: Error: ErrImageNeverPull',
    ]);
  });

  it('prober: Unhealthy per failed execution; the liveness kill is a Killing "will be restarted"', () => {
    const { timeline } = drive(app({ livenessProbe: { exec: { command: ['true'] }, failureThreshold: 2 } }), [
      ...running,
      [
        10,
        'container.probe.failed',
        { container: 'app', probe: 'liveness', message: 'HTTP probe failed with statuscode: 500' },
      ],
      [
        20,
        'container.probe.failed',
        { container: 'app', probe: 'liveness', message: 'HTTP probe failed with statuscode: 500' },
      ],
    ]);
    expect(rows(timeline).slice(-2)).toEqual([
      'Warning Unhealthy x2 kubelet: Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Normal Killing x1 kubelet: Container app failed liveness probe, will be restarted',
    ]);
  });

  it('startContainer: a failed postStart hook → FailedPostStartHook and Killing FailedPostStartHook', () => {
    const { timeline } = drive(app({ lifecycle: { postStart: { exec: { command: ['x'] } } } }), [
      ...running,
      [3, 'container.poststart.failed', { container: 'app', message: 'exit 1' }],
    ]);
    expect(rows(timeline).slice(-2)).toEqual([
      'Warning FailedPostStartHook x1 kubelet: PostStartHook failed',
      'Normal Killing x1 kubelet: FailedPostStartHook',
    ]);
  });

  it('killContainer: deletion stops each running container ("Stopping container")', () => {
    const { timeline } = drive(app(), [...running, [30, 'pod.deletion.requested', {}]]);
    expect(rows(timeline).at(-1)).toBe('Normal Killing x1 kubelet: Stopping container app');
  });

  it('MarkPodsNotReady and taint eviction: NodeNotReady, then TaintManagerEviction', () => {
    const { timeline } = drive(app(), [
      [0, 'node.registered', { node: 'node-1', labels: {} }, 'node/node-1'],
      ...running,
      [60, 'node.lost', {}, 'node/node-1'],
      [
        360,
        'pod.evicted',
        { reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
      ],
    ]);
    expect(rows(timeline).slice(-2)).toEqual([
      'Warning NodeNotReady x1 node-controller: Node is not ready',
      'Normal TaintManagerEviction x1 taint-eviction-controller: Marking for deletion Pod default/web',
    ]);
  });

  it('eviction manager: Evicted with the message, then Killing', () => {
    const { timeline } = drive(app(), [
      ...running,
      [30, 'pod.evicted', { message: 'The node was low on resource: memory.' }],
    ]);
    expect(rows(timeline).slice(-2)).toEqual([
      'Warning Evicted x1 kubelet: The node was low on resource: memory.',
      'Normal Killing x1 kubelet: Stopping container app',
    ]);
  });

  it('scheduler: FailedScheduling repeats are one Event with a count', () => {
    const message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
    const { timeline } = drive(app(), [
      [1, 'pod.unschedulable', { message }],
      [5, 'pod.unschedulable', { message }],
    ]);
    expect(timeline.events('u1')).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'FailedScheduling',
        count: 2,
        firstTimestamp: '2026-01-01T00:00:01Z',
        lastTimestamp: '2026-01-01T00:00:05Z',
      }),
    ]);
  });

  it("operation generator + SyncPod (WaitForAttachAndMount): FailedMount before the sandbox while a volume's Secret is missing, nothing once it exists", () => {
    const manifest = pod({
      containers: [
        { name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'creds', mountPath: '/etc/creds' }] },
      ],
      volumes: [{ name: 'creds', secret: { secretName: 'creds' } }],
    });
    const { timeline } = drive(manifest, [
      ...running.slice(0, 1),
      [
        5,
        'secret.applied',
        { namespace: 'default', name: 'creds', data: { token: 'c2VjcmV0' } },
        'secret/default/creds',
      ],
      [6, 'pod.sandbox.ready', { podIP: '10.244.0.5' }],
    ]);
    expect(rows(timeline).slice(1)).toEqual([
      'Warning FailedMount x1 kubelet: MountVolume.SetUp failed for volume "creds" : secret "creds" not found',
    ]);
  });

  it('startContainer: a missing env Secret → Failed "Error: <message>" (CreateContainerConfigError)', () => {
    const manifest = app({
      env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }],
    });
    // EnsureImageExists comes first: the failure follows the pull.
    const { timeline } = drive(manifest, running.slice(0, 3));
    expect(rows(timeline).slice(1)).toEqual([
      'Normal Pulling x1 kubelet: Pulling image "nginx:1.25"',
      'Normal Pulled x1 kubelet: Successfully pulled image "nginx:1.25" in 0s (0s including waiting)',
      'Warning Failed x1 kubelet: Error: secret "creds" not found',
    ]);
  });

  it('SyncPod: a dead sandbox that will be recreated → SandboxChanged', () => {
    const { timeline } = drive(app(), [...running, [9, 'pod.sandbox.died', {}]]);
    expect(rows(timeline).at(-1)).toBe(
      'Normal SandboxChanged x1 kubelet: Pod sandbox changed, it will be killed and re-created.',
    );
  });

  it('is deterministic, hands out copies, and forgets removed Pods', () => {
    const a = drive(app(), running).timeline;
    const b = drive(app(), running).timeline;
    expect(a.events('u1')).toEqual(b.events('u1'));
    a.events('u1')[0]!.count = 99;
    expect(a.events('u1')[0]!.count).toBe(1);
    const { timeline } = drive(app(), [
      ...running,
      [3, 'pod.deletion.requested', { gracePeriodSeconds: 1 }],
      [3, 'container.exited', { container: 'app', exitCode: 137, signal: 9 }],
      [4, 'pod.removed', {}],
    ]);
    expect(timeline.events('u1')).toEqual([]);
  });
});
