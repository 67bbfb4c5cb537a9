import type { ContainerSlot, Engine, PodState, Transition } from '@podstate/core';
import { isRunningState, isStoppingPodState } from '@podstate/core/views';
import { fieldPathOf } from './containerEvents.js';
import {
  EventSources,
  failedCreateSandboxMessage,
  nodeControllerEvictionMessage,
  SANDBOX_CHANGED_MESSAGE,
  scheduledMessage,
  stoppingContainerMessage,
  taintEvictionMessage,
} from './eventMessages.js';
import type { EmittedEvent } from './eventRecorder.js';

const isRunning = (s: ContainerSlot) => isRunningState(s.value);

/** killContainer's default `Killing` for each container that was running (pod_workers killPod). */
function killing(before: PodState): EmittedEvent[] {
  return before.ctx.containers.filter(isRunning).map((s) => ({
    type: 'Normal' as const,
    reason: 'Killing',
    message: stoppingContainerMessage(s.ctx.name),
    source: EventSources.kubelet,
    fieldPath: fieldPathOf(s),
  }));
}

function kubeletReachable(engine: Engine, pod: PodState): boolean {
  return pod.ctx.node !== undefined && engine.env.nodes.get(pod.ctx.node)?.lost !== true;
}

/**
 * The Events of one accepted Pod-level fact: the scheduler's Scheduled / FailedScheduling, the
 * kubelet's sandbox events, Killing on deletion and eviction, the eviction manager's Evicted and
 * the taint-eviction controller's TaintManagerEviction. Pure (reads the engine after the fact).
 */
export function podEvents(engine: Engine, t: Transition, before: PodState, after: PodState): EmittedEvent[] {
  const e = t.event;
  const { namespace, name } = after.ctx;
  switch (e.type) {
    case 'pod.scheduled':
      return [
        {
          type: 'Normal',
          reason: 'Scheduled',
          message: scheduledMessage(namespace, name, e.data.node),
          source: EventSources.scheduler,
        },
      ];
    case 'pod.unschedulable':
      return [
        {
          type: 'Warning',
          reason: 'FailedScheduling',
          message: e.data.message,
          source: EventSources.scheduler,
        },
      ];
    case 'pod.sandbox.failed':
      return [
        {
          type: 'Warning',
          reason: 'FailedCreatePodSandBox',
          message: failedCreateSandboxMessage(e.data.message),
          source: EventSources.kubelet,
        },
      ];
    case 'pod.sandbox.died':
      // SyncPod: a Pod whose sandbox is gone and will be recreated (not a finished Never/OnFailure Pod).
      return after.value === 'sandbox.recreating'
        ? [
            {
              type: 'Normal',
              reason: 'SandboxChanged',
              message: SANDBOX_CHANGED_MESSAGE,
              source: EventSources.kubelet,
            },
          ]
        : [];
    case 'pod.deletion.requested':
      return !isStoppingPodState(before.value) && kubeletReachable(engine, after) ? killing(before) : [];
    case 'pod.evicted': {
      const reason = e.data.reason;
      if (reason === undefined || reason === 'Evicted') {
        const message = after.ctx.statusReason?.message ?? e.data.message ?? '';
        return [
          { type: 'Warning', reason: 'Evicted', message, source: EventSources.kubelet },
          ...killing(before),
        ];
      }
      const out: EmittedEvent[] = [];
      if (reason === 'DeletionByTaintManager') {
        out.push({
          type: 'Normal',
          reason: 'TaintManagerEviction',
          message: taintEvictionMessage(namespace, name),
          source: EventSources.taintEviction,
        });
      } else if (reason === 'NodeLost' && after.ctx.node !== undefined) {
        out.push({
          type: 'Normal',
          reason: 'NodeControllerEviction',
          message: nodeControllerEvictionMessage(name, after.ctx.node),
          source: EventSources.nodeController,
        });
      }
      if (!isStoppingPodState(before.value) && kubeletReachable(engine, after)) out.push(...killing(before));
      return out;
    }
    default:
      return [];
  }
}
