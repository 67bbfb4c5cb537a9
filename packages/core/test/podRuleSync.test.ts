// The kubelet's sync of a Pod as podRules.ts models it (SyncPod → computePodActions →
// startContainer: EnsureImageExists, then makeEnvironmentVariables), the init/sidecar ordering of
// restarts, termination ordering and what a deletion or eviction leaves (issue 17: podRules.ts
// mutants no test saw).
import { createEngine } from '@podstate/core';
import { ev, given, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25', 'busybox:1.36', 'envoy:1.30']);
const pod = (spec: Record<string, unknown>): Step =>
  ev.podCreated({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec });
const app = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'nginx:1.25', ...extra });
const sidecar = (name: string) => ({ name, image: 'envoy:1.30', restartPolicy: 'Always' });
const init = (name: string) => ({ name, image: 'busybox:1.36' });
const up = [ev.scheduled(), ev.sandboxReady()];
/** pod.metadata.updated: a Pod event that is not a container's, accepted in every state. */
const relabel: Step = { type: 'pod.metadata.updated', data: { labels: { tier: 'web' } } };

describe('makeEnvironmentVariables: which env sources the sync checks (CreateContainerConfigError)', () => {
  const shownAtSandboxReady = (c: Record<string, unknown>) =>
    given(node, pod({ containers: [app('web', c)] }), ev.scheduled())
      .when(ev.sandboxReady())
      .thenAccepted()
      .container('web');

  it('envFrom secretRef and configMapRef, and env secretKeyRef or configMapKeyRef alone or beside a plain value, name a missing object', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ envFrom: [{ secretRef: { name: 'creds' } }] }, 'secret "creds" not found'],
      [{ envFrom: [{ configMapRef: { name: 'settings' } }] }, 'configmap "settings" not found'],
      [
        { env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] },
        'secret "creds" not found',
      ],
      [
        { env: [{ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } }] },
        'configmap "settings" not found',
      ],
      [
        {
          env: [
            { name: 'MODE', value: 'x' },
            { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } },
          ],
        },
        'secret "creds" not found',
      ],
      [
        {
          env: [
            { name: 'MODE', value: 'x' },
            { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } },
          ],
        },
        'configmap "settings" not found',
      ],
    ];
    for (const [c, error] of cases) {
      const s = shownAtSandboxReady(c);
      expect(s.value, JSON.stringify(c)).toBe('waiting.createContainerConfigError');
      expect(s.ctx.configError).toBe(error);
    }
  });

  it('an empty envFrom list or a fieldRef names no object: the container waits for its start', () => {
    for (const c of [
      { envFrom: [] },
      { env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
    ])
      expect(shownAtSandboxReady(c).value).toBe('waiting.forTurn');
  });

  it('one sync shows the error of every container it reaches: two missing Secrets, two absent Never images', () => {
    const refs = (name: string) => app(name, { envFrom: [{ secretRef: { name: `${name}-creds` } }] });
    given(node, pod({ containers: [refs('a'), refs('b')] }), ev.scheduled())
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('waiting.createContainerConfigError');
        expect(o.container('b').value).toBe('waiting.createContainerConfigError');
      });
    const never = (name: string) => ({ name, image: 'registry.local/app:1.0', imagePullPolicy: 'Never' });
    given(node, pod({ containers: [never('a'), never('b')] }), ev.scheduled())
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('waiting.errImageNeverPull');
        expect(o.container('b').value).toBe('waiting.errImageNeverPull');
      });
  });
});

describe('SyncPod runs only for a Pod with a ready sandbox that is neither deleted nor terminal, on a reachable node', () => {
  const needsCreds = app('cfg', { envFrom: [{ secretRef: { name: 'creds' } }] });

  it('createPodSandbox first: before the sandbox is ready a Pod update shows no start error (ContainerCreating)', () => {
    const never = { name: 'web', image: 'registry.local/app:1.0', imagePullPolicy: 'Never' };
    given(node, pod({ containers: [never, needsCreds] }), ev.scheduled())
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('sandbox.creating');
        expect(o.container('web').value).toBe('waiting.forTurn');
        expect(o.container('cfg').value).toBe('waiting.forTurn');
      });
  });

  it('a lost node (its kubelet does not sync): deleting the Secret then updating the Pod changes nothing', () => {
    given(
      node,
      ev.secretApplied('creds'),
      pod({ containers: [needsCreds] }),
      ...up,
      ev.nodeLost(),
      ev.secretDeleted('creds'),
    )
      .when(relabel)
      .thenAccepted((o) => expect(o.container('cfg').value).toBe('waiting.forTurn'));
  });

  it('ShouldContainerBeRestarted is false once deleting: an exited container never shows CreateContainerConfigError', () => {
    given(
      node,
      ev.secretApplied('creds'),
      pod({ containers: [app('web'), needsCreds] }),
      ...up,
      ev.started('web'),
      ev.started('cfg'),
      ev.exited('cfg', 1),
      ev.secretDeleted('creds'),
      ev.deletion(30),
    )
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('terminating.stoppingContainers');
        expect(o.container('cfg').value).toBe('terminated.exited');
      });
  });

  it('a sync that shows CreateContainerConfigError leaves the Pod state before it as it was (states are values)', () => {
    const events = toEvents([
      node,
      ev.secretApplied('creds'),
      pod({ containers: [needsCreds] }),
      ...up,
      ev.secretDeleted('creds'),
      relabel,
    ]);
    const engine = createEngine();
    for (const e of events.slice(0, -1)) expect(engine.apply(e).ok).toBe(true);
    const before = engine.pods.get('u1')!;
    expect(engine.apply(events[events.length - 1]!).ok).toBe(true);
    expect(engine.pods.get('u1')!.ctx.containers[0]!.value).toBe('waiting.createContainerConfigError');
    expect(before.ctx.containers[0]!.value).toBe('waiting.forTurn');
  });

  it('podIsTerminal: a finished Pod is not synced again when its Secret goes', () => {
    given(
      node,
      ev.secretApplied('creds'),
      pod({ restartPolicy: 'Never', containers: [needsCreds] }),
      ...up,
      ev.started('cfg'),
      ev.exited('cfg', 0),
      ev.secretDeleted('creds'),
    )
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.succeeded');
        expect(o.container('cfg').value).toBe('terminated.exited');
      });
  });

  it('podIsTerminal: a sidecar that crashed before the Pod finished is not restarted by a later sync — it never shows CreateContainerConfigError', () => {
    const log = { ...sidecar('log'), envFrom: [{ secretRef: { name: 'creds' } }] };
    given(
      node,
      ev.secretApplied('creds'),
      pod({ restartPolicy: 'Never', initContainers: [log], containers: [app('web')] }),
      ...up,
      ev.started('log'),
      ev.started('web'),
      ev.exited('log', 1),
      ev.exited('web', 0),
      ev.secretDeleted('creds'),
      // Past the sidecar's crash-loop back-off (10 s): a running Pod would restart it now.
      ev.wait(20),
    )
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.succeeded');
        expect(o.container('log').value).toMatch(/^terminated\.(exited|crashLoopBackOff)$/);
        expect(o.container('log').ctx.configError).toBeUndefined();
        expect(o.container('log').ctx.restartCount).toBe(0);
      });
  });
});

describe('computeInitContainerActions: restarts in the same sandbox', () => {
  it('a failed init container restarts while an earlier sidecar is down (both are in InitContainersToStart), and so does a later sidecar', () => {
    const down = (second: Record<string, unknown>, name: string) =>
      given(
        node,
        pod({
          restartPolicy: 'OnFailure',
          initContainers: [sidecar('log'), second],
          containers: [app('web')],
        }),
        ...up,
        ev.started('log'),
        ev.started(name),
        ev.exited('log', 1),
        ev.exited(name, 1),
        ev.wait(10),
      ).when(ev.started(name));
    down(init('setup'), 'setup').thenAccepted((o) => expect(o.container('setup').ctx.restartCount).toBe(1));
    down(sidecar('mesh'), 'mesh').thenAccepted((o) => expect(o.container('mesh').ctx.restartCount).toBe(1));
  });

  it('a second start of a running init container, or of a container in its postStart hook, is a duplicate: the container machine refuses it', () => {
    const initRunning = given(
      node,
      pod({ initContainers: [init('setup')], containers: [app('web')] }),
      ...up,
      ev.started('setup'),
    );
    expect(initRunning.when(ev.started('setup')).thenRejected('container_state').message).toContain(
      'container "setup" is running (up)',
    );
    const hook = app('web', { lifecycle: { postStart: { exec: { command: ['warm'] } } } });
    const inHook = given(node, pod({ containers: [hook] }), ...up, ev.started('web'));
    expect(inHook.when(ev.pulling('web')).thenRejected('container_state').message).toContain(
      'container "web" is running (postStart)',
    );
  });

  it('GeneratePodInitializedCondition: the Pod counts as ever initialized from its first app start, and stays so in a new sandbox', () => {
    const steps = [
      node,
      pod({ initContainers: [init('setup')], containers: [app('app')] }),
      ...up,
      ev.started('setup'),
    ];
    given(...steps)
      .when(ev.exited('setup', 0))
      .thenAccepted((o) => expect(o.pod?.ctx.everInitialized).toBe(false));
    const started = [...steps, ev.exited('setup', 0), ev.started('app')];
    expect(given(...started).run().pod?.ctx.everInitialized).toBe(true);
    given(...started, ev.sandboxDied(), ev.sandboxReady())
      .when(ev.started('setup'))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.initialized).toBe(false);
        expect(o.pod?.ctx.everInitialized).toBe(true);
      });
  });

  it('doBackOff: after a sandbox death an init container that restarted before shows its back-off again (Init:CrashLoopBackOff)', () => {
    given(
      node,
      pod({ initContainers: [init('setup')], containers: [app('app')] }),
      ...up,
      ev.started('setup'),
      ev.exited('setup', 1),
      ev.wait(10),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('app'),
    )
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.container('setup').value).toBe('terminated.crashLoopBackOff');
        expect(o.container('app').value).toBe('terminated.exited');
      });
  });
});

describe('deletion and eviction', () => {
  it('newTerminationOrdering: a sidecar waits for the app containers and later sidecars, not for a regular init container after it', () => {
    given(
      node,
      pod({
        restartPolicy: 'Never',
        initContainers: [sidecar('log'), init('setup')],
        containers: [app('app')],
      }),
      ...up,
      ev.started('log'),
      ev.started('setup'),
      ev.deletion(30),
    )
      .when(ev.exited('log', 0))
      .thenAccepted((o) => expect(o.container('log').value).toBe('terminated.exited'));
  });

  it('SyncTerminatingPod: a container whose postStart hook returns during the deletion stops at once, with what is left of the grace', () => {
    const hook = app('web', { lifecycle: { postStart: { exec: { command: ['warm'] } } } });
    given(node, pod({ containers: [hook] }), ...up, ev.started('web'), ev.deletion(30), ev.wait(5))
      .when(ev.postStartOk('web'))
      .thenAccepted((o) => {
        expect(o.container('web').value).toMatch(/^running\.stopping\.kill\.sigtermSent/);
        expect(o.container('web').ctx.kill?.deadline).toBe(o.pod?.ctx.deletion?.deadline);
        expect(o.pod?.ctx.deletion?.deadline).toBe(Date.parse(o.event.time) + 24_000);
      });
  });

  it('eviction_manager evictPod: a container that never started stays waiting; only running ones are killed', () => {
    given(node, pod({ restartPolicy: 'OnFailure', containers: [app('a'), app('b')] }), ...up, ev.started('a'))
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('terminated.exited');
        expect(o.container('b').value).toBe('waiting.forTurn');
      });
  });

  it('image back-off keyed by Pod and image: a pod-mate with the same image exiting leaves the ImagePullBackOff as it was', () => {
    const cached = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
    given(
      cached,
      pod({ containers: [app('a'), app('b', { imagePullPolicy: 'Always' })] }),
      ...up,
      ev.started('a'),
      ev.pulling('b'),
      ev.pullFailed('b'),
      ev.wait(1),
    )
      .when(ev.exited('a', 1))
      .thenAccepted((o) => {
        expect(o.container('b').value).toBe('waiting.imagePullBackOff');
        expect(o.container('b').ctx.pullError).toBe('rpc error: code = NotFound desc = not found');
      });
  });
});
