/**
 * convertToAPIContainerStatuses (pkg/kubelet/kubelet_pods.go) skips the reason cache for an init
 * container whose runtime record exited 0 ("If the init container is terminated with exit code 0,
 * it won't be restarted"), so the API shows it terminated (Completed) even while a re-run of it is
 * held by the crash-loop back-off. The record lives until the kubelet creates a new sandbox
 * (kuberuntime_manager.go SyncPod: KillPod with CreateSandbox → purgeInitContainers); from then on
 * the held re-run shows waiting CrashLoopBackOff. GeneratePodInitializedCondition
 * (pkg/kubelet/status/generate.go) reads those statuses (a regular init container counts when
 * Ready, i.e. terminated with exit 0), so Initialized follows them.
 */
import { ev, builtInManifests as m, now, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.js';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30', 'fluent-bit:3.0']);
// setup failed once and was restarted (a crash-loop back-off entry), then both init containers
// completed; the sandbox dies before the app container ran, so both must run again.
const retried: Step[] = [
  node,
  ev.podCreated(m.initChain),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('setup'),
  ev.exited('setup', 1),
  now(ev.started('setup')),
  ev.exited('setup', 0),
  ev.started('migrate'),
  ev.exited('migrate', 0),
];
const initStatus = (d: ReturnType<typeof drive>, name: string) =>
  d.pod().status.initContainerStatuses?.find((s) => s.name === name);
const condition = (d: ReturnType<typeof drive>, type: string) =>
  d.pod().status.conditions?.find((c) => c.type === type)?.status;

describe('convertToAPIContainerStatuses: an init container whose record exited 0 shows terminated', () => {
  it('after its sandbox died, its re-run held by the back-off, it shows terminated (Completed), not CrashLoopBackOff; Initialized stays True', () => {
    const d = drive([...retried, ev.sandboxDied()]);
    // The chart holds the re-run (doBackOff): that is what the kubelet will do.
    expect(d.state.ctx.containers[0]!.value).toBe('terminated.crashLoopBackOff');
    expect(initStatus(d, 'setup')).toMatchObject({
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
      ready: true,
      restartCount: 1,
    });
    expect(initStatus(d, 'setup')?.lastState).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } });
    expect(condition(d, 'Initialized')).toBe('True');
  });

  it('SyncPod → purgeInitContainers: once the new sandbox is ready the record is gone, so the held re-run shows waiting CrashLoopBackOff and Initialized turns False', () => {
    const d = drive([...retried, ev.sandboxDied(), ev.sandboxReady('10.244.0.7')]);
    expect(initStatus(d, 'setup')).toMatchObject({
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed' } },
      ready: false,
    });
    expect(condition(d, 'Initialized')).toBe('False');
    // The status fold records the turn at the new sandbox, not at the death.
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    expect(d.pod(d.last + 100_000).status.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      lastTransitionTime: iso(d.last),
    });
  });

  it('a failed init container is not covered: after its sandbox died it shows waiting CrashLoopBackOff at once', () => {
    const failing: Step[] = [
      node,
      ev.podCreated(m.initChain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('setup'),
      ev.exited('setup', 1),
      now(ev.started('setup')),
      ev.exited('setup', 1),
    ];
    const d = drive([...failing, ev.sandboxDied()]);
    expect(initStatus(d, 'setup')?.state.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('a sidecar (restartable init container) whose record exited 0 shows terminated (Completed) while its restart is held; with exit 1, CrashLoopBackOff', () => {
    const up: Step[] = [
      node,
      ev.podCreated(m.sidecars),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('setup'),
      ev.exited('setup'),
      ev.started('proxy'),
      ev.probeOk('proxy', 'startup'),
      ev.started('logger'),
      ev.started('app'),
    ];
    const held = (code: number) =>
      drive([...up, ev.exited('logger', code), now(ev.started('logger')), ev.exited('logger', code)]);
    const completed = held(0);
    expect(completed.state.ctx.containers.find((s) => s.ctx.name === 'logger')!.value).toBe(
      'terminated.crashLoopBackOff',
    );
    expect(initStatus(completed, 'logger')?.state).toMatchObject({
      terminated: { exitCode: 0, reason: 'Completed' },
    });
    expect(initStatus(held(1), 'logger')?.state.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('ShouldContainerBeRestarted is false once deletionTimestamp is set: an app container held by the back-off shows terminated while another container of the deleted Pod still stops', () => {
    const twoApps = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pair', namespace: 'default' },
      spec: {
        containers: [
          { name: 'app', image: 'busybox:1.36' },
          { name: 'web', image: 'nginx:1.25', lifecycle: { preStop: { exec: { command: ['drain'] } } } },
        ],
      },
    };
    const looping: Step[] = [
      node,
      ev.podCreated(twoApps),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.started('app'),
      ev.exited('app', 1),
      now(ev.started('app')),
      ev.exited('app', 1),
    ];
    const status = (d: ReturnType<typeof drive>) =>
      d.pod().status.containerStatuses?.find((s) => s.name === 'app');
    expect(status(drive(looping))?.state.waiting?.reason).toBe('CrashLoopBackOff');
    const deleted = drive([...looping, ev.deletion(30)]);
    expect(deleted.state.value).toBe('terminating.stoppingContainers');
    expect(status(deleted)?.state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });
});
