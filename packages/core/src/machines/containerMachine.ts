import { assign, setup } from 'xstate';
import { compileMachine, toXStateGuards, type Update } from './compile.js';
import { containerRules } from './containerRules.js';
import type { ContainerEvent } from './events.js';
import type { ContainerCtx } from './types.js';

type Args = { context: ContainerCtx; event: ContainerEvent };
type ActionName = keyof typeof containerRules.actions;
const guards = toXStateGuards(containerRules.guards, ({ context }: Args) => [context, undefined]);
const actions = Object.fromEntries(
  (Object.keys(containerRules.actions) as ActionName[]).map((k) => [
    k,
    assign(({ context, event }: Args) =>
      (containerRules.actions[k] as Update<ContainerCtx, ContainerEvent, unknown>)(context, event, undefined),
    ),
  ]),
) as Record<
  ActionName,
  ReturnType<typeof assign<ContainerCtx, ContainerEvent, undefined, ContainerEvent, never>>
>;

// Pull events move a container that has not been created yet through the pull states; once it is
// created they change nothing but its facts (the kubelet pulls before it creates).
const pullsInto = (guard: 'pullAllowed' | 'restartPullAllowed') =>
  ({
    'container.image.pulling': { guard, target: '.pullingImage', actions: 'pulling' },
    'container.image.pulled': { guard, target: '.imagePulled', actions: 'pulled' },
    'container.image.pull.failed': { guard, target: '.imagePullBackOff', actions: 'pullFailed' },
  }) as const;
const pullsWhenCreated = (guard: 'pullAllowed' | 'restartPullAllowed') =>
  ({
    'container.image.pulling': { guard, actions: 'pulling' },
    'container.image.pulled': { guard, actions: 'pulled' },
    'container.image.pull.failed': { guard, actions: 'pullFailed' },
  }) as const;

/** The states a container passes through before a start: the same before its first run and before a restart. */
const beforeStart = (guard: 'pullAllowed' | 'restartPullAllowed') => ({
  pullingImage: {
    description:
      'EnsureImageExists → pullImage: the image pull is under way (Pulling). kubectl: ContainerCreating.',
  },
  imagePullBackOff: {
    description:
      'pullImage failed: ErrImagePull at the failure, then ImagePullBackOff until the back-off (keyed by Pod and image, 10 s doubling to 300 s) lets the kubelet pull again.',
  },
  imagePulled: {
    description:
      'EnsureImageExists succeeded (Pulled): the image is on the node; the container is not created yet.',
  },
  created: {
    description: 'startContainer → CreateContainer: the runtime created the container; it has not started.',
    on: pullsWhenCreated(guard),
  },
});

/**
 * The container lifecycle (lifecycle.md §3, §5–§9): waiting (for its turn, pulling its image,
 * pull back-off, created) → running (postStart, then up with its startup and readiness probes
 * as parallel regions; stopping after a probe kill: preStop, then SIGTERM) → terminated (exited,
 * CrashLoopBackOff, and the pulls and create of the restart) → running … Pure: no delays; time
 * is each event's `time`. Pod-level rules (ordering, images on the node, missing Secrets) are
 * the Pod machine's; this machine holds what one container alone decides.
 */
export const containerMachine = setup({
  types: { context: {} as ContainerCtx, events: {} as ContainerEvent, input: {} as ContainerCtx },
  guards,
  actions,
}).createMachine({
  id: 'container',
  context: ({ input }) => input,
  initial: 'waiting',
  states: {
    waiting: {
      description:
        'Never started in this Pod. kubectl: Waiting (ContainerCreating, PodInitializing, or the reason below).',
      initial: 'forTurn',
      states: {
        forTurn: {
          description:
            'Waiting for its turn: computePodActions has not started it yet (init containers and sidecars before it, the sandbox, its image). kubectl: PodInitializing or ContainerCreating.',
        },
        ...beforeStart('pullAllowed'),
      },
      on: {
        ...pullsInto('pullAllowed'),
        'container.created': { guard: 'notCreated', target: '.created', actions: 'created' },
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
            'startContainer runs the postStart hook synchronously; until it returns the API still shows the container as before the start (waiting). A failure kills it (FailedPostStartHook).',
          on: {
            'container.poststart.succeeded': { target: 'up' },
            'container.poststart.failed': { target: '#container.terminated', actions: 'postStartFailed' },
          },
        },
        up: {
          description:
            'Running, with its startup probe and its readiness as parallel regions (prober worker.doProbe); liveness failures count here and, at failureThreshold, start a kill.',
          type: 'parallel',
          states: {
            startup: {
              initial: 'pending',
              states: {
                pending: {
                  description:
                    'The startup probe has not succeeded yet: started=false; liveness and readiness probes wait.',
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
                        target: '#container.running.stopping',
                        actions: 'probeKill',
                      },
                      { guard: 'startupProbeApplies', actions: 'probeFailed' },
                    ],
                  },
                },
                passed: { description: 'The startup probe succeeded (or there is none): started=true.' },
              },
            },
            readiness: {
              initial: 'unknown',
              states: {
                unknown: {
                  description:
                    'No readiness result has reached a threshold yet: ready=false (the prober starts from Failure until successThreshold successes).',
                  always: { guard: 'noReadinessProbe', target: 'ready' },
                  on: {
                    'container.probe.succeeded': [
                      { guard: 'readinessTurnsReady', target: 'ready', actions: 'probeSucceeded' },
                      { guard: 'readinessProbeCounts', actions: 'probeSucceeded' },
                    ],
                    'container.probe.failed': [
                      { guard: 'readinessTurnsNotReady', target: 'notReady', actions: 'probeFailed' },
                      { guard: 'readinessProbeCounts', actions: 'probeFailed' },
                    ],
                  },
                },
                ready: {
                  description: 'successThreshold consecutive successes (or no readiness probe): ready=true.',
                  on: {
                    'container.probe.succeeded': { guard: 'readinessProbeCounts', actions: 'probeSucceeded' },
                    'container.probe.failed': [
                      { guard: 'readinessTurnsNotReady', target: 'notReady', actions: 'probeFailed' },
                      { guard: 'readinessProbeCounts', actions: 'probeFailed' },
                    ],
                  },
                },
                notReady: {
                  description:
                    'failureThreshold consecutive failures: ready=false until successThreshold successes.',
                  on: {
                    'container.probe.succeeded': [
                      { guard: 'readinessTurnsReady', target: 'ready', actions: 'probeSucceeded' },
                      { guard: 'readinessProbeCounts', actions: 'probeSucceeded' },
                    ],
                    'container.probe.failed': { guard: 'readinessProbeCounts', actions: 'probeFailed' },
                  },
                },
              },
            },
          },
          on: {
            'container.probe.succeeded': { guard: 'livenessProbeApplies', actions: 'probeSucceeded' },
            'container.probe.failed': [
              { guard: 'livenessProbeKills', target: 'stopping', actions: 'probeKill' },
              { guard: 'livenessProbeApplies', actions: 'probeFailed' },
            ],
          },
        },
        // killContainer after a liveness/startup failure: preStop (if any), SIGTERM, SIGKILL at
        // the grace deadline. The process runs until it exits; its exit code is its own.
        stopping: {
          description:
            'killContainer after a liveness or startup failure: the process runs until it exits; its exit code is its own. Only the readiness probe still runs.',
          initial: 'preStop',
          states: {
            preStop: {
              description: 'executePreStopHook: the preStop hook runs (the process may exit meanwhile).',
              always: { guard: 'noPreStopToRun', target: 'sigtermSent' },
              on: {
                'container.prestop.completed': {
                  guard: 'preStopPending',
                  target: 'sigtermSent',
                  actions: 'preStopDone',
                },
              },
            },
            sigtermSent: {
              description:
                "StopContainer: SIGTERM sent; the runtime sends SIGKILL at the grace deadline (the probe's terminationGracePeriodSeconds, else the Pod's).",
            },
          },
          on: {
            'container.probe.succeeded': { guard: 'readinessProbeApplies', actions: 'probeSucceeded' },
            'container.probe.failed': { guard: 'readinessProbeApplies', actions: 'probeFailed' },
          },
        },
      },
      on: {
        'container.exited': { target: 'terminated', actions: 'exit' },
        'container.prestop.completed': { guard: 'preStopPending', actions: 'preStopDone' },
      },
    },
    terminated: {
      description:
        'The last run exited and the container has not started again. kubectl: Terminated, or Waiting with lastState.terminated while a restart is pending.',
      initial: 'exited',
      states: {
        exited: {
          description:
            'Exited; restarted at once if the restart policy restarts it and no back-off runs (ShouldContainerBeRestarted), otherwise it stays terminated.',
          always: { guard: 'restartInBackOff', target: 'crashLoopBackOff' },
        },
        crashLoopBackOff: {
          description:
            'doBackOff: the restart policy restarts it but the crash-loop back-off (10 s doubling to 300 s) has not expired. kubectl: CrashLoopBackOff until the restart.',
        },
        ...beforeStart('restartPullAllowed'),
      },
      on: {
        ...pullsInto('restartPullAllowed'),
        'container.created': { guard: 'restartCreateAllowed', target: '.created', actions: 'created' },
        'container.started': [
          { guard: 'restartAllowedWithPostStart', target: 'running.postStart', actions: 'start' },
          { guard: 'restartAllowed', target: 'running.up', actions: 'start' },
        ],
      },
    },
  },
});

/** The container machine as a flat table, for replay. */
export const compiledContainerMachine = compileMachine(containerMachine, containerRules);
