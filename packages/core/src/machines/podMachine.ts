import { assign, setup } from 'xstate';
import type { ClusterEnv } from '../engine/env.js';
import { EVENT_TYPES } from '../events/eventTypeNames.js';
import { compileMachine, toXStateGuards, type Update } from './compile.js';
import type { MachineEvent } from './events.js';
import { podActions } from './podActions.js';
import { podGuards } from './podGuards.js';
import type { PodCtx } from './types.js';

/** The Pod machine's context under XState: the Pod's facts and the cluster it reads. */
export interface PodMachineContext {
  pod: PodCtx;
  env: ClusterEnv;
}

type Args = { context: PodMachineContext; event: MachineEvent };
type ActionName = keyof typeof podActions;

const guards = toXStateGuards(podGuards, ({ context }: Args) => [context.pod, context.env]);
const actions = Object.fromEntries(
  (Object.keys(podActions) as ActionName[]).map((k) => [
    k,
    assign(({ context, event }: Args) => ({
      pod: (podActions[k] as Update<PodCtx, MachineEvent, ClusterEnv>)(context.pod, event, context.env),
    })),
  ]),
) as Record<
  ActionName,
  ReturnType<typeof assign<PodMachineContext, MachineEvent, undefined, MachineEvent, never>>
>;

const container = (
  guard: 'containerEvent' | 'containerEventTerminating',
  action: 'container' | 'containerTerminating',
) =>
  Object.fromEntries(
    EVENT_TYPES.filter((t) => t.startsWith('container.')).map((t) => [t, { guard, actions: action }]),
  ) as Record<string, { guard: typeof guard; actions: typeof action }>;

const gate = { 'pod.readiness-gate.changed': { actions: 'setGate' } } as const;
// Labels and annotations may change in every state the Pod exists in (ValidateObjectMetaUpdate).
const metadata = { 'pod.metadata.updated': { actions: 'updateMetadata' } } as const;
const evict = {
  'pod.evicted': [
    { guard: 'kubeletEviction', target: '#pod.finished', actions: ['evictByKubelet', 'finish'] },
    { guard: 'controllerEviction', target: '#pod.terminating', actions: 'evictByController' },
  ],
} as const;

/**
 * The Pod lifecycle (lifecycle.md §2–§10): unscheduled → scheduled (bound, no sandbox) → active
 * (sandbox ready: containers run) → terminating (deletion) → finished (Succeeded/Failed) →
 * removed. Container events are checked here against the Pod (ordering, images, missing
 * objects, termination order) and then stepped through the container machine. Pure.
 */
export const podMachine = setup({
  types: { context: {} as PodMachineContext, events: {} as MachineEvent, input: {} as PodMachineContext },
  guards,
  actions,
}).createMachine({
  id: 'pod',
  context: ({ input }) => input,
  // PrepareForCreate (applySchedulingGatedCondition): a Pod created with spec.schedulingGates
  // starts SchedulingGated; one without leaves at once for unscheduled.
  initial: 'schedulingGated',
  states: {
    schedulingGated: {
      always: { guard: 'ungated', target: 'unscheduled' },
      on: {
        // The API allows only removing gates; the scheduler's PreEnqueue admits the Pod once none is left.
        'pod.scheduling-gates.removed': { guard: 'gatesPresent', actions: 'removeSchedulingGates' },
        'pod.deletion.requested': { target: 'removed', actions: 'requestDeletion' },
        'pod.evicted': { guard: 'controllerEviction', target: 'removed', actions: 'evictByController' },
        ...gate,
        ...metadata,
      },
    },
    unscheduled: {
      on: {
        'pod.scheduled': { guard: 'canSchedule', target: 'scheduled', actions: 'bind' },
        'pod.unschedulable': { guard: 'notDeleted', actions: 'recordUnschedulable' },
        // CheckGracefulDelete gives an unscheduled Pod grace 0, and the registry deletes an object
        // whose grace is 0 in the same request (BeforeDelete): one fact, no pod.removed.
        'pod.deletion.requested': { target: 'removed', actions: 'requestDeletion' },
        'pod.evicted': { guard: 'controllerEviction', target: 'removed', actions: 'evictByController' },
        ...gate,
        ...metadata,
      },
    },
    scheduled: {
      on: {
        'pod.sandbox.ready': { guard: 'canCreateSandbox', target: 'active', actions: 'sandboxReady' },
        'pod.sandbox.failed': { guard: 'kubeletPresent', actions: 'sandboxFailed' },
        'pod.deletion.requested': { target: 'terminating', actions: 'requestDeletion' },
        ...evict,
        ...gate,
        ...metadata,
      },
    },
    active: {
      always: { guard: 'podDone', target: 'finished', actions: 'finish' },
      on: {
        ...container('containerEvent', 'container'),
        'pod.sandbox.died': [
          { guard: 'sandboxNotRecreated', target: 'finished', actions: ['sandboxDied', 'finish'] },
          { guard: 'kubeletPresent', target: 'scheduled', actions: 'sandboxDied' },
        ],
        'pod.deletion.requested': { target: 'terminating', actions: 'requestDeletion' },
        ...evict,
        ...gate,
        ...metadata,
      },
    },
    terminating: {
      always: { guard: 'stoppedOnNode', target: 'finished', actions: 'finish' },
      on: {
        ...container('containerEventTerminating', 'containerTerminating'),
        'pod.sandbox.died': { guard: 'kubeletPresent', actions: 'sandboxDied' },
        'pod.deletion.requested': { actions: 'requestDeletion' },
        'pod.evicted': {
          guard: 'kubeletEviction',
          target: 'finished',
          actions: ['evictByKubelet', 'finish'],
        },
        'pod.removed': { guard: 'unbound', target: 'removed' },
        ...gate,
        ...metadata,
      },
    },
    finished: {
      on: {
        // CheckGracefulDelete: a terminal Pod also gets grace 0, so it goes in the same request.
        'pod.deletion.requested': { target: 'removed', actions: 'requestDeletion' },
        'pod.removed': { guard: 'deletionRequested', target: 'removed' },
        ...gate,
        ...metadata,
      },
    },
    removed: { type: 'final' },
  },
});

/** The Pod machine as a flat table, for replay. */
export const compiledPodMachine = compileMachine(podMachine, { guards: podGuards, actions: podActions });
