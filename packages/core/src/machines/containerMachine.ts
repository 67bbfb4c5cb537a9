import { assign, setup } from 'xstate';
import { compileMachine, toXStateGuards, type Update } from './compile.js';
import { containerRules } from './containerRules.js';
import type { MachineEvent } from './events.js';
import type { ContainerCtx } from './types.js';

type Args = { context: ContainerCtx; event: MachineEvent };
type ActionName = keyof typeof containerRules.actions;
const guards = toXStateGuards(containerRules.guards, ({ context }: Args) => [context, undefined]);
const actions = Object.fromEntries(
  (Object.keys(containerRules.actions) as ActionName[]).map((k) => [
    k,
    assign(({ context, event }: Args) =>
      (containerRules.actions[k] as Update<ContainerCtx, MachineEvent, unknown>)(context, event, undefined),
    ),
  ]),
) as Record<
  ActionName,
  ReturnType<typeof assign<ContainerCtx, MachineEvent, undefined, MachineEvent, never>>
>;

const pulls = {
  'container.image.pulling': { guard: 'pullAllowed', actions: 'pulling' },
  'container.image.pulled': { guard: 'pullAllowed', actions: 'pulled' },
  'container.image.pull.failed': { guard: 'pullAllowed', actions: 'pullFailed' },
} as const;

/**
 * The container lifecycle (lifecycle.md §3, §5–§9): waiting → running (postStart, then up with
 * probes) → terminated → (restart per policy and crash-loop back-off) → running … Pure: no
 * delays; time is each event's `time`. Pod-level rules (ordering, images on the node, missing
 * Secrets) are the Pod machine's; this machine holds what one container alone decides.
 */
export const containerMachine = setup({
  types: { context: {} as ContainerCtx, events: {} as MachineEvent, input: {} as ContainerCtx },
  guards,
  actions,
}).createMachine({
  id: 'container',
  context: ({ input }) => input,
  initial: 'waiting',
  states: {
    waiting: {
      on: {
        ...pulls,
        'container.created': { guard: 'notCreated', actions: 'created' },
        'container.started': [
          { guard: 'hasPostStart', target: 'running.postStart', actions: 'start' },
          { target: 'running.up', actions: 'start' },
        ],
      },
    },
    running: {
      initial: 'up',
      states: {
        postStart: {
          on: {
            'container.poststart.succeeded': { target: 'up' },
            'container.poststart.failed': { target: '#container.terminated', actions: 'postStartFailed' },
          },
        },
        up: {
          on: {
            'container.probe.succeeded': { guard: 'probeApplies', actions: 'probeSucceeded' },
            'container.probe.failed': [
              { guard: 'probeKills', target: 'stopping', actions: 'probeKill' },
              { guard: 'probeApplies', actions: 'probeFailed' },
            ],
          },
        },
        // killContainer after a liveness/startup failure: preStop (if any), SIGTERM, SIGKILL at
        // the grace deadline. The process runs until it exits; its exit code is its own.
        stopping: {
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
      on: {
        'container.image.pulling': { guard: 'restartPullAllowed', actions: 'pulling' },
        'container.image.pulled': { guard: 'restartPullAllowed', actions: 'pulled' },
        'container.image.pull.failed': { guard: 'restartPullAllowed', actions: 'pullFailed' },
        'container.created': { guard: 'restartCreateAllowed', actions: 'created' },
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
