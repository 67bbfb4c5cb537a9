import { assign, setup } from 'xstate';
import type { ClusterEnv } from '../engine/env.js';
import { EVENT_TYPES } from '../events/eventTypeNames.js';
import { toXStateGuards, type Update } from './compile.js';
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

// Facts that start something (a pull, a create, a start): ShouldContainerBeRestarted is false for
// a Pod with a deletionTimestamp and SyncTerminatingPod only kills, so a terminating Pod has no
// transition for them (the engine refuses them with pod_terminating).
const STARTS = new Set([
  'container.image.pulling',
  'container.image.pulled',
  'container.image.pull.failed',
  'container.created',
  'container.started',
]);

const container = (
  guard: 'containerEvent' | 'containerEventTerminating',
  action: 'container' | 'containerTerminating',
  types: (t: string) => boolean,
) =>
  Object.fromEntries(
    EVENT_TYPES.filter((t) => t.startsWith('container.') && types(t)).map((t) => [
      t,
      { guard, actions: action },
    ]),
  ) as Record<string, { guard: typeof guard; actions: typeof action }>;

const gate = { 'pod.readiness-gate.changed': { actions: 'setGate' } } as const;
// Labels and annotations may change in every state the Pod exists in (ValidateObjectMetaUpdate).
const metadata = { 'pod.metadata.updated': { actions: 'updateMetadata' } } as const;
// A request whose grace is 0 (store.go Delete → updateForGracefulDeletionAndFinalizers) removes
// the object at once unless a finalizer is pending: the kubelet still kills the containers
// (HandlePodRemoves), but no status of the Pod is written any more.
const evict = {
  'pod.evicted': [
    { guard: 'kubeletEviction', target: '#pod.finished.failed', actions: ['evictByKubelet', 'finish'] },
    { guard: 'controllerEvictionDeletes', target: '#pod.removed', actions: 'evictByController' },
    { guard: 'controllerEviction', target: '#pod.terminating', actions: 'evictByController' },
  ],
} as const;
// An unbound Pod goes in the deletion request itself: CheckGracefulDelete gives it grace 0 and
// the registry deletes an object whose grace is 0 in the same request (BeforeDelete).
const deleteAtOnce = { target: '#pod.removed', actions: 'requestDeletion' } as const;
const deleteInRequest = { guard: 'deletedInRequest', ...deleteAtOnce } as const;

/**
 * The Pod lifecycle (lifecycle.md §2–§10), each stage a compound state whose children are what
 * kubectl and the API tell apart: scheduling (gated, queued, unschedulable) → sandbox (creating,
 * creation failed, recreating after it died) → containers (initializing, starting sidecars,
 * starting apps, running) → terminating (stopping containers, awaiting removal) → finished
 * (succeeded, failed) → removed. Container events are checked here against the Pod (ordering,
 * images, missing objects, termination order) and then stepped through the container machine.
 * Pure.
 */
export const podMachine = setup({
  types: { context: {} as PodMachineContext, events: {} as MachineEvent, input: {} as PodMachineContext },
  guards,
  actions,
}).createMachine({
  id: 'pod',
  context: ({ input }) => input,
  initial: 'scheduling',
  states: {
    scheduling: {
      description:
        'Not bound to a node (phase Pending). The scheduler (scheduleOne, pkg/scheduler/schedule_one.go) binds it with pod.scheduled; deleting or evicting it through the API removes it in the same request (CheckGracefulDelete gives an unbound Pod grace 0).',
      // PrepareForCreate (applySchedulingGatedCondition): a Pod created with spec.schedulingGates
      // starts SchedulingGated; one without leaves at once for the queue.
      initial: 'gated',
      states: {
        gated: {
          description:
            'spec.schedulingGates is not empty: PodScheduled=False reason SchedulingGated (applySchedulingGatedCondition, pkg/registry/core/pod/strategy.go), STATUS SchedulingGated; the SchedulingGates PreEnqueue plugin keeps it out of the queue, so pod.scheduled and pod.unschedulable are refused. A Pod created without gates leaves at once.',
          always: { guard: 'ungated', target: 'queued' },
          on: {
            // The API allows only removing gates; PreEnqueue admits the Pod once none is left.
            'pod.scheduling-gates.removed': { guard: 'gatesPresent', actions: 'removeSchedulingGates' },
          },
        },
        queued: {
          description:
            'In the scheduling queue, no attempt has failed yet: no PodScheduled condition, STATUS Pending (scheduleOne). pod.scheduled must name a registered node that matches spec.nodeName and spec.nodeSelector and is not lost (any name while no node is registered).',
          on: {
            'pod.scheduled': { guard: 'canSchedule', target: '#pod.sandbox', actions: 'bind' },
            'pod.unschedulable': { target: 'unschedulable', actions: 'recordUnschedulable' },
          },
        },
        unschedulable: {
          description:
            "A scheduling attempt failed: PodScheduled=False reason Unschedulable with the scheduler's message (handleSchedulingFailure, pkg/scheduler/schedule_one.go; a later pod.unschedulable replaces the message). The Pod waits among the unschedulable Pods until a cluster change lets pod.scheduled bind it.",
          on: {
            'pod.scheduled': { guard: 'canSchedule', target: '#pod.sandbox', actions: 'bind' },
            'pod.unschedulable': { actions: 'recordUnschedulable' },
          },
        },
      },
      on: {
        'pod.deletion.requested': deleteAtOnce,
        'pod.evicted': { guard: 'controllerEviction', target: '#pod.removed', actions: 'evictByController' },
        ...gate,
        ...metadata,
      },
    },
    sandbox: {
      description:
        'Bound to a node, no ready sandbox: PodReadyToStartContainers=False, containers ContainerCreating (phase Pending). SyncPod (pkg/kubelet/kubelet.go) waits for the volumes (WaitForAttachAndMount) and computePodActions (kuberuntime_manager.go) creates the sandbox: pod.sandbox.ready is refused while a volume cannot be mounted.',
      initial: 'creating',
      states: {
        creating: {
          description:
            'The kubelet creates the first sandbox (computePodActions: CreateSandbox; SyncPod → createPodSandbox).',
        },
        creationFailed: {
          description:
            'pod.sandbox.failed: RunPodSandbox failed (FailedCreatePodSandBox, createPodSandbox); the kubelet retries at its next sync.',
        },
        recreating: {
          description:
            'The sandbox died (pod.sandbox.died) and the kubelet recreates it (computePodActions: podSandboxChanged → SandboxChanged, KillPod then CreateSandbox); init containers run again from the first.',
        },
      },
      on: {
        'pod.sandbox.ready': {
          guard: 'canCreateSandbox',
          target: '#pod.containers',
          actions: 'sandboxReady',
        },
        'pod.sandbox.failed': {
          guard: 'kubeletPresent',
          target: '.creationFailed',
          actions: 'sandboxFailed',
        },
        'pod.deletion.requested': [
          deleteInRequest,
          { target: '#pod.terminating', actions: 'requestDeletion' },
        ],
        ...evict,
        ...gate,
        ...metadata,
      },
    },
    containers: {
      description:
        'The sandbox is ready (PodReadyToStartContainers=True): containers pull, start, run, probe and exit (SyncPod → computePodActions, kuberuntime_manager.go). When the sandbox dies every running container is killed and, unless the kubelet would not recreate it (Never after containers ran, OnFailure with nothing left to start), the Pod goes back to sandbox.recreating.',
      initial: 'initializing',
      states: {
        initializing: {
          description:
            'A regular init container is in turn (computeInitContainerActions): it pulls, starts, and must exit 0 before anything after it starts. Initialized=False, STATUS Init:N/M (printPod), phase Pending.',
          always: [
            { guard: 'sidecarInTurn', target: 'startingSidecars' },
            { guard: 'appsMayStart', target: 'startingApps' },
          ],
        },
        startingSidecars: {
          description:
            'A sidecar (init container with restartPolicy Always) is in turn: it must be running and past its startup probe before the containers after it start (computeInitContainerActions). Initialized=False, STATUS Init:N/M.',
          always: [
            { guard: 'initContainerInTurn', target: 'initializing' },
            { guard: 'appsMayStart', target: 'startingApps' },
          ],
        },
        startingApps: {
          description:
            'Every init container completed and every sidecar started: the app containers may start (computePodActions), none has yet. Initialized=True (GeneratePodInitializedCondition), STATUS PodInitializing or ContainerCreating, phase Pending.',
          always: [
            { guard: 'appStarted', target: 'running' },
            { guard: 'sidecarInTurn', target: 'startingSidecars' },
          ],
        },
        running: {
          description:
            'An app container has started in this sandbox (podHasInitialized): phase Running until the Pod completes; containers restart, crash-loop and are probed here (STATUS Running, NotReady, CrashLoopBackOff, Error …).',
        },
      },
      always: [
        { guard: 'doneSucceeded', target: '#pod.finished.succeeded', actions: 'finish' },
        { guard: 'podDone', target: '#pod.finished.failed', actions: 'finish' },
      ],
      on: {
        ...container('containerEvent', 'container', () => true),
        'pod.sandbox.died': [
          {
            guard: 'sandboxGoneSucceeded',
            target: '#pod.finished.succeeded',
            actions: ['sandboxDied', 'finish'],
          },
          {
            guard: 'sandboxNotRecreated',
            target: '#pod.finished.failed',
            actions: ['sandboxDied', 'finish'],
          },
          { guard: 'kubeletPresent', target: '#pod.sandbox.recreating', actions: 'sandboxDied' },
        ],
        'pod.deletion.requested': [
          deleteInRequest,
          { target: '#pod.terminating', actions: 'requestDeletion' },
        ],
        ...evict,
        ...gate,
        ...metadata,
      },
    },
    terminating: {
      description:
        'Deletion requested: deletionTimestamp set with the grace period (CheckGracefulDelete, pkg/registry/core/pod/strategy.go), or evicted through the API or by the taint manager. A Pod with no node never gets here, nor one whose request leaves grace 0 without a pending finalizer: the registry removes those in the request (updateForGracefulDeletionAndFinalizers).',
      initial: 'stoppingContainers',
      states: {
        stoppingContainers: {
          description:
            'SyncTerminatingPod (pkg/kubelet/kubelet.go) → killPodWithSyncResult: preStop hooks run, app containers stop, then sidecars in reverse order, within the grace period; nothing starts (ShouldContainerBeRestarted is false once deletionTimestamp is set). STATUS Terminating.',
          always: { guard: 'stoppedOnNode', target: 'awaitingRemoval', actions: 'finish' },
          on: {
            ...container('containerEventTerminating', 'containerTerminating', (t) => !STARTS.has(t)),
            'pod.sandbox.died': { guard: 'kubeletPresent', actions: 'sandboxDied' },
            // A second delete (BeforeDelete): only a shorter grace moves deletionTimestamp; the
            // kubelet's kill under way keeps the first grace. Shortened to 0, the object goes.
            'pod.deletion.requested': [deleteInRequest, { actions: 'requestDeletion' }],
            'pod.evicted': {
              guard: 'kubeletEviction',
              target: 'awaitingRemoval',
              actions: ['evictByKubelet', 'finish'],
            },
          },
        },
        awaitingRemoval: {
          description:
            'Every container has stopped on a reachable node: SyncTerminatedPod and the status manager write the terminal phase (Succeeded if every app container exited 0, else Failed), and the API object is deleted once the kubelet reports its resources reclaimed (status_manager canBeDeleted → podResourcesAreReclaimed): pod.removed. STATUS Completed/Error while it waits. A second request that shortens the grace to 0 removes it at once (BeforeDelete); a shorter one only moves deletionTimestamp.',
          on: {
            'pod.removed': { target: '#pod.removed' },
            'pod.deletion.requested': [deleteInRequest, { actions: 'requestDeletion' }],
          },
        },
      },
      on: {
        ...gate,
        ...metadata,
      },
    },
    finished: {
      description:
        'Every container has stopped for good without a deletion: the phase is terminal and sticky (podIsTerminal, pkg/api/v1/pod; getPhase in kubelet_pods.go). The sandbox is torn down (computePodActions KillPod). Deleting it removes it at once (CheckGracefulDelete gives a terminal Pod grace 0).',
      initial: 'succeeded',
      states: {
        succeeded: {
          description:
            'Phase Succeeded (getPhase): every app container exited 0 and will not restart. STATUS Completed.',
        },
        failed: {
          description:
            'Phase Failed (getPhase): some app container exited non-zero or never ran, a regular init container failed under restartPolicy Never, or the kubelet evicted the Pod (eviction_manager.go: reason Evicted, DisruptionTarget=True TerminationByKubelet). STATUS Error or Evicted.',
        },
      },
      on: {
        'pod.deletion.requested': deleteAtOnce,
        ...gate,
        ...metadata,
      },
    },
    removed: {
      type: 'final',
      description:
        'The API object is gone: the registry deleted it (BeforeDelete: grace 0, or pod.removed once the kubelet stopped everything). The engine drops the Pod and keeps a small summary.',
    },
  },
});
