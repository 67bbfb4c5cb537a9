import { and, assign, setup, stateIn } from 'xstate';
import { toXStateGuards, type Update } from './compile.js';
import { containerRules } from './containerRules.js';
import type { ContainerMachineEvent } from './events.js';
import type { ContainerCtx } from './types.js';

type Args = { context: ContainerCtx; event: ContainerMachineEvent };
type ActionName = keyof typeof containerRules.actions;
const guards = toXStateGuards(containerRules.guards, ({ context }: Args) => [context, undefined]);
const actions = Object.fromEntries(
  (Object.keys(containerRules.actions) as ActionName[]).map((k) => [
    k,
    assign(({ context, event }: Args) =>
      (containerRules.actions[k] as Update<ContainerCtx, ContainerMachineEvent, unknown>)(
        context,
        event,
        undefined,
      ),
    ),
  ]),
) as Record<
  ActionName,
  ReturnType<typeof assign<ContainerCtx, ContainerMachineEvent, undefined, ContainerMachineEvent, never>>
>;

// Pull events move a container that has not been created yet through the pull states; once it is
// created they change nothing but its facts (the kubelet pulls before it creates).
const pullsInto = (guard: 'pullAllowed' | 'restartPullAllowed') =>
  ({
    'container.image.pulling': { guard, target: '.pullingImage' },
    'container.image.pulled': { guard, target: '.imagePulled', actions: 'pulled' },
    'container.image.pull.failed': { guard, target: '.errImagePull', actions: 'pullFailed' },
  }) as const;
const pullsWhenCreated = (guard: 'pullAllowed' | 'restartPullAllowed') =>
  ({
    'container.image.pulling': { guard },
    'container.image.pulled': { guard, actions: 'pulled' },
    'container.image.pull.failed': { guard, actions: 'pullFailed' },
  }) as const;

/**
 * The kubelet's sync reached this container's start and generateContainerConfig failed: the first
 * start's attempt, or a restart's once the restart is due (doBackOff counts the attempt).
 */
const configFails = (back: 'forTurn' | 'exited') =>
  back === 'forTurn'
    ? ({ target: 'createContainerConfigError', actions: 'configFailed' } as const)
    : ({
        guard: 'restartAllowed',
        target: 'createContainerConfigError',
        actions: 'restartConfigFailed',
      } as const);

/**
 * The kubelet's sync reached this container's start and EnsureImageExists (startContainer step 1)
 * found its image absent under imagePullPolicy Never: the first start's attempt, or a restart's once
 * the restart is due (doBackOff has counted the attempt before startContainer).
 */
const neverPullFails = (back: 'forTurn' | 'exited') =>
  back === 'forTurn'
    ? ({ target: 'errImageNeverPull' } as const)
    : ({ guard: 'restartAllowed', target: 'errImageNeverPull', actions: 'restartAttemptFailed' } as const);

/** Out of createContainerConfigError: back to the pulled image, or to waiting for the start. */
const leaveConfigError = (back: 'forTurn' | 'exited') =>
  [
    { guard: 'pulledForStart', target: 'imagePulled', actions: 'configResolved' },
    { target: back, actions: 'configResolved' },
  ] as const;

/**
 * The states a container passes through before a start: the same before its first run and before a
 * restart. `create` is the guarded transition to `created` from each of them (none from `created`
 * itself, where `notCreated` refuses: the runtime already holds a created instance).
 */
const beforeStart = (
  guard: 'pullAllowed' | 'restartPullAllowed',
  create: { guard?: 'restartCreateAllowed'; target: 'created' },
  back: 'forTurn' | 'exited',
) => ({
  pullingImage: {
    description:
      'EnsureImageExists → pullImage (pkg/kubelet/images/image_manager.go): the image pull is under way (event Pulling). kubectl: ContainerCreating (PodInitializing in a Pod with init containers).',
    on: { 'container.created': create },
  },
  errImagePull: {
    description:
      'EnsureImageExists: its own pull failed at this sync (evalCRIPullErr): waiting reason ErrImagePull (or RegistryUnavailable, SignatureValidationFailed) with the CRI error. The next sync of the Pod (its next event, or any later instant) shows imagePullBackOff.',
    on: { 'container.created': create },
  },
  imagePullBackOff: {
    description:
      'EnsureImageExists → IsInBackOffSinceUpdate: the pull back-off keyed by Pod and image (10 s doubling to 300 s) holds the next pull; waiting reason ImagePullBackOff, `Back-off pulling image "<image>"` with the last error. A Pod-mate with the same image enters it directly when its pull fails.',
    on: { 'container.created': create },
  },
  imagePulled: {
    description:
      'EnsureImageExists succeeded (event Pulled): the image is on the node; the container is not created yet.',
    on: { 'container.created': create, 'sync.config.failed': configFails(back) },
  },
  errImageNeverPull: {
    description:
      'startContainer → EnsureImageExists: imagePullPolicy Never and the image is not on the node (shouldPullImage is false, the image absent): ErrImageNeverPull, `Container image "<image>" is not present with pull policy of Never` (event ErrImageNeverPull), from the kubelet\'s reason cache until a later sync of the Pod (its next event) finds the image. Never pulled. Leaves on the Pod\'s deletion (ShouldContainerBeRestarted is false).',
    on: {
      'container.created': create,
      'sync.image.resolved': { target: back },
      'pod.deletion.requested': { target: back },
    },
  },
  createContainerConfigError: {
    description:
      "startContainer → generateContainerConfig failed (ErrCreateContainerConfig): a Secret, ConfigMap or key its env names is missing (makeEnvironmentVariables). Waiting reason CreateContainerConfigError with that message, from the kubelet's reason cache, until a later sync of the Pod (its next event) resolves it; no crash-loop back-off for a first start. Leaves on the Pod's deletion (ShouldContainerBeRestarted is false).",
    on: {
      'container.created': { ...create, actions: 'configResolved' } as const,
      'sync.config.failed': { actions: 'configFailed' } as const,
      'sync.config.resolved': leaveConfigError(back),
      'pod.deletion.requested': leaveConfigError(back),
      // The image went from the node since (startContainer step 1 fails before step 2).
      'sync.image.neverPull': { target: 'errImageNeverPull', actions: 'configResolved' } as const,
    },
  },
  created: {
    description:
      'startContainer → CreateContainer (kuberuntime_container.go): the runtime holds a created instance that has not started: waiting with no reason (convertContainerStatus).',
    on: {
      ...pullsWhenCreated(guard),
      'container.created': { guard: 'notCreated' } as const,
    },
  },
});

const restartCreate = { guard: 'restartCreateAllowed', target: 'created' } as const;

type Guard = 'readinessTurnsReady' | 'readinessTurnsNotReady' | 'readinessProbeCounts' | 'livenessProbeKills';

/**
 * A readiness region (prober worker.doProbe → results manager), the same while up and while
 * stopping. The readiness worker probes only a started container ("disable other probes until
 * container has started"), so its results count only while the startup region is `passed`: the
 * guard `in <parent>.startup.passed` (compileMachine decides it per configuration).
 */
const readinessRegion = (parent: 'up' | 'stopping') => {
  const started = stateIn(`#container.running.${parent}.startup.passed`);
  const when = (guard: Guard) => and([started, guard]);
  // While up, a liveness failure at failureThreshold starts killContainer; the kill keeps the
  // readiness it had (the readiness worker goes on probing the terminating container).
  const kill = (leaf: 'unknown' | 'ready' | 'notReady') =>
    parent === 'up'
      ? [
          {
            guard: when('livenessProbeKills'),
            target: `#container.running.stopping.readiness.${leaf}`,
            actions: 'probeKill',
          } as const,
        ]
      : [];
  // killPodWithSyncResult: deletion stops a started container with the readiness it had (one whose
  // startup probe is pending is stopped by the startup region's transition).
  const deletion = (leaf: 'unknown' | 'ready' | 'notReady') =>
    parent === 'up'
      ? {
          'pod.deletion.requested': {
            guard: started,
            target: `#container.running.stopping.readiness.${leaf}`,
            actions: 'stopForDeletion',
          } as const,
        }
      : {};
  return {
    description:
      'The readiness probe worker (worker.doProbe → results manager): ready once started and Success.',
    initial: 'unknown',
    states: {
      unknown: {
        description:
          'No readiness result has reached a threshold yet: ready=false (worker.doProbe: the readiness result starts as Failure until successThreshold successes).',
        always: { guard: 'noReadinessProbe', target: 'ready' },
        on: {
          'container.probe.succeeded': [
            { guard: when('readinessTurnsReady'), target: 'ready', actions: 'probeSucceeded' },
            { guard: when('readinessProbeCounts'), actions: 'probeSucceeded' },
          ],
          'container.probe.failed': [
            ...kill('unknown'),
            { guard: when('readinessTurnsNotReady'), target: 'notReady', actions: 'probeFailed' },
            { guard: when('readinessProbeCounts'), actions: 'probeFailed' },
          ],
          ...deletion('unknown'),
        },
      },
      ready: {
        description:
          'worker.doProbe: successThreshold consecutive successes (or no readiness probe): ready=true once started (prober_manager UpdatePodStatus).',
        on: {
          'container.probe.succeeded': { guard: when('readinessProbeCounts'), actions: 'probeSucceeded' },
          'container.probe.failed': [
            ...kill('ready'),
            { guard: when('readinessTurnsNotReady'), target: 'notReady', actions: 'probeFailed' },
            { guard: when('readinessProbeCounts'), actions: 'probeFailed' },
          ],
          ...deletion('ready'),
        },
      },
      notReady: {
        description:
          'worker.doProbe: failureThreshold consecutive failures: ready=false until successThreshold successes.',
        on: {
          'container.probe.succeeded': [
            { guard: when('readinessTurnsReady'), target: 'ready', actions: 'probeSucceeded' },
            { guard: when('readinessProbeCounts'), actions: 'probeSucceeded' },
          ],
          'container.probe.failed': [
            ...kill('notReady'),
            { guard: when('readinessProbeCounts'), actions: 'probeFailed' },
          ],
          ...deletion('notReady'),
        },
      },
    },
  } as const;
};

/**
 * The container lifecycle (lifecycle.md §3, §5–§9): waiting (for its turn, pulling its image,
 * ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, CreateContainerConfigError,
 * created) → running (postStart, then up with its startup and
 * readiness probes as parallel regions; stopping after a probe kill or the Pod's deletion: preStop,
 * then SIGTERM, with the startup and readiness it had) → terminated (exited, CrashLoopBackOff, and
 * the pulls and create of the restart) → running … Pure: no delays; time is each event's `time`.
 * Pod-level rules (ordering, images on the node, missing Secrets, which probes run in which state)
 * are the Pod machine's; this machine holds what one container alone decides.
 */
export const containerMachine = setup({
  types: { context: {} as ContainerCtx, events: {} as ContainerMachineEvent, input: {} as ContainerCtx },
  guards,
  actions,
}).createMachine({
  id: 'container',
  context: ({ input }) => input,
  initial: 'waiting',
  states: {
    waiting: {
      description:
        'Never started in this Pod (convertToAPIContainerStatuses: waiting). kubectl: ContainerCreating, PodInitializing, or the reason of the state below.',
      initial: 'forTurn',
      states: {
        forTurn: {
          description:
            'Waiting for its turn: computePodActions has not started it yet (init containers and sidecars before it, the sandbox, its image). kubectl: PodInitializing or ContainerCreating.',
          on: {
            'container.created': { target: 'created' },
            'sync.config.failed': configFails('forTurn'),
            'sync.image.neverPull': neverPullFails('forTurn'),
            'sync.image.invalid': { target: 'invalidImageName' },
          },
        },
        invalidImageName: {
          description:
            "startContainer → EnsureImageExists → applyDefaultImageTag: the image name does not parse (ParseNormalizedNamed): InvalidImageName with `Failed to apply default image tag …` (event InspectFailed), from the kubelet's reason cache. Never pulled, never created: the name is part of the spec. Only a container that never ran can be here. Leaves on the Pod's deletion (ShouldContainerBeRestarted is false).",
          on: { 'pod.deletion.requested': { target: 'forTurn' } },
        },
        ...beforeStart('pullAllowed', { target: 'created' }, 'forTurn'),
      },
      on: {
        ...pullsInto('pullAllowed'),
        'container.started': [
          { guard: 'hasPostStart', target: 'running.postStart', actions: 'start' },
          { target: 'running.up', actions: 'start' },
        ],
      },
    },
    running: {
      description:
        'The process runs (startContainer → StartContainer succeeded). kubectl: Running (or Waiting during postStart).',
      initial: 'up',
      states: {
        postStart: {
          description:
            'startContainer runs the postStart hook synchronously (executeLifecycleHook); until it returns the API still shows the container as before the start (waiting). A failure kills it (FailedPostStartHook).',
          on: {
            'container.poststart.succeeded': { target: 'up' },
            'container.poststart.failed': { target: '#container.terminated', actions: 'postStartFailed' },
          },
        },
        up: {
          description:
            'Running, with its startup probe and its readiness as parallel regions (prober worker.doProbe); liveness failures count here and, at failureThreshold, start a kill (killContainer). Deleting the Pod stops it (killContainersWithSyncResult).',
          type: 'parallel',
          states: {
            startup: {
              description: 'The startup probe worker (worker.doProbe): started is false until it succeeds.',
              initial: 'pending',
              states: {
                pending: {
                  description:
                    'worker.doProbe: the startup probe has not succeeded yet: started=false; liveness and readiness probes wait (readiness stays unknown, or ready without a readiness probe).',
                  always: { guard: 'noStartupProbe', target: 'passed' },
                  on: {
                    'container.probe.succeeded': {
                      guard: 'startupProbeApplies',
                      target: 'passed',
                      actions: 'probeSucceeded',
                    },
                    'container.probe.failed': [
                      {
                        guard: 'startupProbeKills',
                        target: '#container.running.stopping.startup.pending',
                        actions: 'probeKill',
                      },
                      { guard: 'startupProbeApplies', actions: 'probeFailed' },
                    ],
                    // A container whose startup probe is pending keeps it pending while it stops.
                    'pod.deletion.requested': {
                      target: '#container.running.stopping.startup.pending',
                      actions: 'stopForDeletion',
                    },
                  },
                },
                passed: {
                  description:
                    'worker.doProbe: the startup probe succeeded (or there is none): started=true (prober_manager UpdatePodStatus); liveness and readiness probes run.',
                },
              },
            },
            readiness: readinessRegion('up'),
          },
          // The liveness worker, too, probes only a started container.
          on: {
            'container.probe.succeeded': {
              guard: and([stateIn('#container.running.up.startup.passed'), 'livenessProbeApplies']),
              actions: 'probeSucceeded',
            },
            'container.probe.failed': {
              guard: and([stateIn('#container.running.up.startup.passed'), 'livenessProbeCounts']),
              actions: 'probeFailed',
            },
          },
        },
        stopping: {
          description:
            "killContainer (kuberuntime_container.go), after a failed liveness or startup probe or for the Pod's deletion (killPodWithSyncResult → killContainersWithSyncResult): the process runs until it exits; its exit code is its own. Its startup and readiness stay as they were; only the readiness probe still runs (a deletion also lets the startup and liveness workers report their quiet-shutdown Success).",
          type: 'parallel',
          states: {
            kill: {
              description:
                'killContainer: the preStop hook, then StopContainer (SIGTERM, SIGKILL at the deadline).',
              initial: 'preStop',
              states: {
                preStop: {
                  description:
                    'executePreStopHook: the preStop hook runs (the process may exit meanwhile). Without a preStop hook the kubelet goes on to SIGTERM at once.',
                  always: { guard: 'noPreStopToRun', target: 'sigtermSent' },
                  on: {
                    'container.prestop.completed': { target: 'sigtermSent' },
                  },
                },
                sigtermSent: {
                  description:
                    "StopContainer: SIGTERM sent with the grace left (the probe's terminationGracePeriodSeconds, else the Pod's; the deletion's grace for a deletion); the runtime sends SIGKILL at the deadline.",
                  on: {
                    'container.prestop.completed': { guard: 'preStopPending' },
                  },
                },
              },
            },
            startup: {
              description: 'The startup result the container had when the kill began (worker.doProbe).',
              initial: 'passed',
              states: {
                pending: {
                  description:
                    'Stopping before its startup probe passed (a startup kill, or a deletion while it started): started=false. On deletion the startup worker reports Success once (worker.doProbe, quiet shutdown).',
                  on: {
                    'container.probe.succeeded': {
                      guard: 'startupQuietShutdown',
                      target: 'passed',
                      actions: 'probeSucceeded',
                    },
                  },
                },
                passed: {
                  description:
                    'Stopping after its startup probe passed (or with none): started=true (prober_manager UpdatePodStatus).',
                },
              },
            },
            readiness: readinessRegion('stopping'),
          },
          on: {
            // worker.doProbe on deletion: the liveness worker sets Success once and stops.
            'container.probe.succeeded': { guard: 'livenessQuietShutdown', actions: 'probeSucceeded' },
            // The deletion's kill of a container a probe kill already stops: the earlier SIGKILL
            // deadline stays (deletionKill).
            'pod.deletion.requested': { actions: 'stopForDeletion' },
          },
        },
      },
      on: {
        'container.exited': { target: 'terminated', actions: 'exit' },
      },
    },
    terminated: {
      description:
        'The last run exited and the container has not started again (convertToAPIContainerStatuses). kubectl: Terminated, or Waiting with lastState.terminated while a restart is pending.',
      initial: 'exited',
      states: {
        exited: {
          description:
            'Exited; restarted at once if the restart policy restarts it and no back-off runs (ShouldContainerBeRestarted), otherwise it stays terminated.',
          always: { guard: 'restartInBackOff', target: 'crashLoopBackOff' },
          on: {
            'container.created': restartCreate,
            'sync.config.failed': configFails('exited'),
            'sync.image.neverPull': neverPullFails('exited'),
          },
        },
        crashLoopBackOff: {
          description:
            'doBackOff: the restart policy restarts it but the crash-loop back-off (10 s doubling to 300 s) has not expired. kubectl: CrashLoopBackOff until the restart.',
          on: {
            'container.created': restartCreate,
            'sync.config.failed': configFails('exited'),
            'sync.image.neverPull': neverPullFails('exited'),
          },
        },
        ...beforeStart('restartPullAllowed', restartCreate, 'exited'),
      },
      on: {
        ...pullsInto('restartPullAllowed'),
        'container.started': [
          { guard: 'restartAllowedWithPostStart', target: 'running.postStart', actions: 'start' },
          { guard: 'restartAllowed', target: 'running.up', actions: 'start' },
        ],
      },
    },
  },
});
