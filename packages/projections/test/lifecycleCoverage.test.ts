import { containerMachine, createEngine, isReadyState, podMachine } from '@podstate/core';
import {
  after,
  builtInManifests,
  ChartCoverage,
  ev,
  type Lifecycle,
  lifecycleArbitrary,
  recordTrace,
  type Step,
  toEvents,
} from '@podstate/core/testing';
import { foldEvent, printPod, StatusProjection } from '@podstate/projections';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The CI seed and run count of core/test/invariants.prop.test.ts: the lifecycles `npm test` checks.
const CI_SEED = 42;
const CI_RUNS = 1000;

/**
 * Transitions of the charts that no event can take, each with the reason: the test fails when
 * one of them is taken after all (the list is stale) as well as when any other is never taken.
 * None today: the Pod chart has no transition for a start fact while the Pod terminates
 * (ShouldContainerBeRestarted is false once deletionTimestamp is set) and none for pod.removed of
 * an unbound terminating Pod (CheckGracefulDelete gives an unbound Pod grace 0, so it never
 * terminates).
 */
const UNREACHABLE: Record<string, string> = {
  'waiting.created --container.created[notCreated]--> waiting.created':
    'explains the refusal of a second create (already_created): its guard never passes',
  'terminated.created --container.created[notCreated]--> terminated.created':
    'explains the refusal of a second create (already_created): its guard never passes',
  'running.stopping.kill.sigtermSent --container.prestop.completed[preStopPending]--> running.stopping.kill.sigtermSent':
    'explains the refusal of a preStop completion after SIGTERM (no_prestop_hook, prestop_done): its guard never passes',
};

/**
 * Label and annotation changes (`pod.metadata.updated`) move no lifecycle state, so the generator
 * does not draw them (drawn, they would only thin out the lifecycles); these given lifecycles take
 * that transition in every state of the Pod chart a live Pod can be in.
 */
const relabel: Step = { type: 'pod.metadata.updated', data: { labels: { relabelled: 'yes' } } };
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const plain = ev.podCreated(builtInManifests.plain);
const up = [node, plain, ev.scheduled(), ev.sandboxReady(), ev.started('app')];
const METADATA_CHANGES: Step[][] = [
  [node, ev.podCreated(builtInManifests.onFailureMesh), relabel],
  [node, plain, relabel],
  [node, plain, ev.scheduled(), relabel],
  [...up, relabel],
  [...up, ev.deletion(30), relabel],
  [...up, ev.evicted('Evicted', 'The node was low on resource: memory.'), relabel],
];

/**
 * Every kubectl STATUS value (printPod, pkg/printers/internalversion/printers.go) the built-in
 * manifests can show; `Init:N/M` stands for every `Init:<i>/<n>`.
 */
const STATUSES = [
  'Pending',
  'SchedulingGated',
  'ContainerCreating',
  'PodInitializing',
  'Init:N/M',
  'Init:Error',
  'Init:CrashLoopBackOff',
  'Init:ErrImagePull',
  'Init:ImagePullBackOff',
  'Init:CreateContainerConfigError',
  'Init:ContainerStatusUnknown',
  'Running',
  'NotReady',
  'Completed',
  'Error',
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'ContainerStatusUnknown',
  'PostStartHookError',
  'Terminating',
  'Unknown',
];

/**
 * A sandbox that dies after every app container exited 0 while a sidecar still runs: under
 * restartPolicy Never the kubelet does not recreate it (computePodActions) and the Pod ends
 * Succeeded. The generator seldom lets a sandbox die at that moment, so this lifecycle is given.
 */
const SANDBOX_GONE_SUCCEEDED: Step[] = [
  ev.nodeRegistered('node-1', {}, ['fluent-bit:3.0', 'busybox:1.36']),
  ev.podCreated(builtInManifests.sidecarFirst),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('log'),
  ev.started('setup'),
  ev.exited('setup', 0),
  ev.started('app'),
  ev.exited('app', 0),
  ev.sandboxDied(),
];

/**
 * The Pod's deletion stops every running container (killContainersWithSyncResult → killContainer)
 * with the startup and readiness it had; the readiness worker goes on probing it, and on deletion
 * the startup worker reports its one quiet-shutdown Success (worker.doProbe). The generator seldom
 * probes a container while it stops, so these lifecycles are given.
 */
const sidecarNode = ev.nodeRegistered('node-1', {}, [
  'busybox:1.36',
  'envoy:1.30',
  'fluent-bit:3.0',
  'nginx:1.25',
]);
const sidecarsUp: Step[] = [
  sidecarNode,
  ev.podCreated(builtInManifests.sidecars),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('setup'),
  ev.exited('setup'),
  ev.started('proxy'),
  ev.probeOk('proxy', 'startup'),
  ev.started('logger'),
  ev.started('app'),
];
const PROBED_WHILE_STOPPING: Step[][] = [
  [
    ...sidecarsUp,
    ev.probeFailed('app', 'readiness'),
    ev.probeFailed('app', 'readiness'),
    ev.deletion(30),
    ev.probeOk('app', 'readiness'),
    ev.probeFailed('app', 'readiness'),
  ],
  [
    ...sidecarsUp,
    ev.deletion(30),
    ev.probeOk('app', 'readiness'),
    ev.probeFailed('app', 'readiness'),
    ev.probeFailed('app', 'readiness'),
  ],
  [...sidecarsUp.slice(0, 7), ev.deletion(30), ev.probeOk('proxy', 'startup')],
];

/**
 * CreateContainerConfigError (startContainer → generateContainerConfig fails: a Secret its env
 * names is missing): the state is left by a start, by the next sync once the Secret is back, or by
 * the deletion, and a restart fails the same way (doBackOff counts the attempt). The generator's
 * Pods seldom meet a missing Secret at a restart, so these lifecycles are given.
 */
const apiPod = (restartPolicy: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'default' },
  spec: {
    restartPolicy,
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      },
    ],
  },
});
const dbSecret = ev.secretApplied('db', { password: 'czNjcmV0' });
const dbWithoutKey = ev.secretApplied('db', { user: 'YWRtaW4=' });
const resync: Step = { type: 'pod.metadata.updated', data: { labels: { synced: 'yes' } } };
const configFailing = [node, ev.podCreated(apiPod('Always')), ev.scheduled(), ev.sandboxReady()];
const restartFailing = [
  node,
  ev.podCreated(apiPod('OnFailure')),
  dbSecret,
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
  ev.secretDeleted('db'),
  ev.exited('app', 1),
];
const CONFIG_ERRORS: Step[][] = [
  [...configFailing, dbSecret, ev.created('app')],
  [...configFailing, dbWithoutKey, resync],
  [...configFailing, dbSecret, resync],
  [...restartFailing, dbSecret, after(10, ev.created('app'))],
  [...restartFailing, dbWithoutKey, resync],
  [...restartFailing, after(10, ev.pulled('app')), dbSecret, resync],
  [...restartFailing, dbSecret, resync],
  [...restartFailing, ev.deletion(30)],
  [
    ...restartFailing,
    dbSecret,
    after(10, ev.started('app')),
    ev.secretDeleted('db'),
    ev.exited('app', 1),
    after(30, resync),
  ],
];

/**
 * InvalidImageName and ErrImageNeverPull are states too (startContainer → EnsureImageExists, the
 * Pod's sync: sync.image.invalid / sync.image.neverPull / sync.image.resolved). The generator's
 * Pods under imagePullPolicy Never seldom see their image come or go, and none has an image that
 * does not parse, so these lifecycles are given.
 */
const TOOL = 'registry.local/tool:1.0';
const toolPod = (restartPolicy: string, image = TOOL, env?: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'tool', namespace: 'default' },
  spec: {
    restartPolicy,
    containers: [{ name: 'app', image, imagePullPolicy: 'Never', ...(env ? { env } : {}) }],
  },
});
const withTool = ev.nodeUpdated('node-1', { images: ['nginx:1.25', TOOL] });
const withoutTool = ev.nodeUpdated('node-1', { images: ['nginx:1.25'] });
const toolNode = ev.nodeRegistered('node-1', {}, ['nginx:1.25', TOOL]);
const secretEnv = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
const neverFailing = [node, ev.podCreated(toolPod('Always')), ev.scheduled(), ev.sandboxReady()];
const toolRan = [
  toolNode,
  ev.podCreated(toolPod('OnFailure')),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
  withoutTool,
];
const restartNeverFailing = [...toolRan, ev.exited('app', 1)];
const IMAGE_ERRORS: Step[][] = [
  [node, ev.podCreated(toolPod('Always', 'ROOT')), ev.scheduled(), ev.sandboxReady(), ev.deletion(30)],
  [...neverFailing, withTool, ev.created('app')],
  [...neverFailing, withTool, resync],
  [
    toolNode,
    ev.podCreated(toolPod('Always', TOOL, secretEnv)),
    ev.scheduled(),
    ev.sandboxReady(),
    withoutTool,
    resync,
  ],
  [...restartNeverFailing, withTool, after(10, ev.created('app'))],
  [...restartNeverFailing, withTool, resync],
  [...restartNeverFailing, ev.deletion(30)],
  [
    ...toolRan,
    withTool,
    ev.exited('app', 1),
    ev.started('app'),
    ev.exited('app', 1),
    withoutTool,
    after(10, resync),
  ],
  [
    toolNode,
    ev.podCreated(toolPod('OnFailure', TOOL, secretEnv)),
    dbSecret,
    ev.scheduled(),
    ev.sandboxReady(),
    ev.started('app'),
    ev.secretDeleted('db'),
    ev.exited('app', 1),
    withoutTool,
    resync,
  ],
];

/**
 * A deletion request that leaves grace 0 deletes the object in the request (store.go Delete →
 * updateForGracefulDeletionAndFinalizers): a first one with gracePeriodSeconds 0, an eviction of a
 * Pod whose terminationGracePeriodSeconds is 0, a second one that shortens the grace to 0. The
 * generator asks for deletions with the Pod's own grace (30 s), so these lifecycles are given.
 */
const graceless = {
  ...builtInManifests.plain,
  spec: { ...builtInManifests.plain.spec, terminationGracePeriodSeconds: 0 },
};
const gracelessUp = [node, ev.podCreated(graceless), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
const apiEviction = ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting');
const DELETED_IN_REQUEST: Step[][] = [
  [node, plain, ev.scheduled(), ev.deletion(0)],
  [...up, ev.deletion(0)],
  [node, ev.podCreated(graceless), ev.scheduled(), apiEviction],
  [...gracelessUp, apiEviction],
  [...up, ev.deletion(30), ev.deletion(0)],
  [...up, ev.deletion(30), ev.exited('app', 0), ev.deletion(5), ev.deletion(0)],
];

describe(`coverage of the CI seed's lifecycles (seed ${CI_SEED}, ${CI_RUNS} lifecycles)`, () => {
  const sample = fc.sample(lifecycleArbitrary(), { seed: CI_SEED, numRuns: CI_RUNS }) as Lifecycle[];

  it('every transition of the Pod and container charts is taken (read from the charts: toChartJSON)', () => {
    const coverage = new ChartCoverage(podMachine, containerMachine);
    for (const l of sample) coverage.add(l.trace);
    for (const steps of [
      ...METADATA_CHANGES,
      SANDBOX_GONE_SUCCEEDED,
      ...PROBED_WHILE_STOPPING,
      ...CONFIG_ERRORS,
      ...IMAGE_ERRORS,
      ...DELETED_IN_REQUEST,
    ])
      coverage.add(recordTrace(toEvents(steps)));
    const missing = coverage.missing();
    const unexpected = [...missing.pod, ...missing.container].filter((n) => !(n in UNREACHABLE));
    expect(unexpected, 'transitions the generated lifecycles never take').toEqual([]);
    const stale = Object.keys(UNREACHABLE).filter(
      (n) => !missing.pod.includes(n) && !missing.container.includes(n),
    );
    expect(stale, 'listed as unreachable, yet taken (or no longer in the chart)').toEqual([]);
  });

  it('every kubectl STATUS value is shown at some step', () => {
    const seen = new Map<string, number>();
    for (const l of sample) {
      const engine = createEngine({ profile: l.profile });
      const status = new StatusProjection();
      const folds = [status];
      for (const e of l.events) {
        const r = foldEvent(engine, e, folds);
        const uid = r.ok ? r.transition.uid : undefined;
        if (!r.ok || uid === undefined || !engine.pods.has(uid)) continue;
        const row = printPod(status.get(engine, uid, r.transition.time)!, r.transition.time);
        const value = row.status.replace(/^Init:\d+\/\d+$/, 'Init:N/M');
        seen.set(value, (seen.get(value) ?? 0) + 1);
      }
    }
    expect(
      STATUSES.filter((s) => !seen.has(s)),
      `seen: ${[...seen.keys()].sort().join(', ')}`,
    ).toEqual([]);
  });

  it('lifecycles go deep: few clock ticks, probe kills, postStart failures, a sidecar exiting while apps are ready', () => {
    let events = 0;
    let ticks = 0;
    const reached = new Set<string>();
    for (const l of sample) {
      events += l.events.length;
      for (const s of l.trace.steps) {
        if (s.event.type === 'clock.advanced') ticks++;
        if (!s.ok || s.after === undefined || s.before === undefined) continue;
        const name = s.event.data.container as string | undefined;
        const i = name === undefined ? undefined : s.after.ctx.byName[name];
        const c = i === undefined ? undefined : s.after.ctx.containers[i];
        if (s.event.type === 'container.poststart.failed') reached.add('postStart failure');
        if (c?.ctx.kill !== undefined && s.event.type === 'container.probe.failed') reached.add('probe kill');
        const appsReady = s.before.ctx.containers.some((o) => o.ctx.role === 'app' && isReadyState(o.value));
        if (
          s.event.type === 'container.exited' &&
          c?.ctx.role === 'sidecar' &&
          appsReady &&
          !s.before.ctx.deletion
        )
          reached.add('sidecar exit while an app is ready');
        if (c !== undefined && c.ctx.restartCount >= 3) reached.add('restartCount ≥ 3');
      }
    }
    expect([...reached].sort()).toEqual(
      ['postStart failure', 'probe kill', 'restartCount ≥ 3', 'sidecar exit while an app is ready'].sort(),
    );
    // Most steps are facts, not time passing.
    expect(ticks / events).toBeLessThan(0.35);
  });
});
