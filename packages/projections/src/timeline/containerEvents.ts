import type { ContainerSlot, PodState, Transition } from '@podstate/core';
import {
  containerOf,
  isCreatedState,
  isPullingState,
  isStoppingState,
  isTerminatedState,
  isUpState,
  policyRestarts,
  restartNotBefore,
} from '@podstate/core/views';
import {
  crashLoopBackOffEventMessage,
  evalCRIPullErr,
  failedToPullImageMessage,
  imageAlreadyPresentMessage,
  pullingImageMessage,
} from '../kube/kubeletMessages.js';
import {
  createdContainerMessage,
  EventSources,
  POST_START_HOOK_FAILED,
  probeKillMessage,
  pulledImageMessage,
  startErrorMessage,
  startedContainerMessage,
  unhealthyMessage,
} from './eventMessages.js';
import type { EmittedEvent } from './eventRecorder.js';

/** `involvedObject.fieldPath` of a container's events (GenerateContainerRef). */
export function fieldPathOf(s: ContainerSlot): string {
  return s.ctx.role === 'app' ? `spec.containers{${s.ctx.name}}` : `spec.initContainers{${s.ctx.name}}`;
}

const kubelet = (
  s: ContainerSlot,
  type: EmittedEvent['type'],
  reason: string,
  message: string,
): EmittedEvent => ({
  type,
  reason,
  message,
  source: EventSources.kubelet,
  fieldPath: fieldPathOf(s),
});

/**
 * The kubelet's Events for one accepted container fact (image_manager.go EnsureImageExists,
 * kuberuntime_container.go startContainer/killContainer, prober.go, kuberuntime_manager.go
 * doBackOff). `pullingSince` is when the pull under way was announced (its `Pulling` event), if
 * one was. Pure.
 */
export function containerEvents(
  t: Transition,
  before: PodState,
  after: PodState,
  pullingSince: number | undefined,
): EmittedEvent[] {
  const name = containerOf(t.event);
  const i = name === undefined ? undefined : after.ctx.byName[name];
  if (name === undefined || i === undefined) return [];
  const was = before.ctx.containers[i]!;
  const now = after.ctx.containers[i]!;
  const image = now.ctx.image;
  const out: EmittedEvent[] = [];
  // EnsureImageExists runs before create: a present image is announced once per start attempt.
  const imageReady = () => {
    if (!was.ctx.pulled) out.push(kubelet(now, 'Normal', 'Pulled', imageAlreadyPresentMessage(image)));
  };
  const pulling = () => {
    if (!isPullingState(was.value)) out.push(kubelet(now, 'Normal', 'Pulling', pullingImageMessage(image)));
  };
  switch (t.event.type) {
    case 'container.image.pulling':
      pulling();
      break;
    case 'container.image.pulled':
      pulling();
      out.push(
        kubelet(now, 'Normal', 'Pulled', pulledImageMessage(image, t.time - (pullingSince ?? t.time))),
      );
      break;
    case 'container.image.pull.failed':
      pulling();
      out.push(kubelet(now, 'Warning', 'Failed', failedToPullImageMessage(image, now.ctx.pullError ?? '')));
      out.push(
        kubelet(
          now,
          'Warning',
          'Failed',
          startErrorMessage(evalCRIPullErr(image, now.ctx.pullError ?? '').reason),
        ),
      );
      break;
    case 'container.created':
      imageReady();
      out.push(kubelet(now, 'Normal', 'Created', createdContainerMessage(name)));
      break;
    case 'container.started':
      if (!isCreatedState(was.value)) {
        imageReady();
        out.push(kubelet(now, 'Normal', 'Created', createdContainerMessage(name)));
      }
      out.push(kubelet(now, 'Normal', 'Started', startedContainerMessage(name)));
      break;
    case 'container.poststart.failed':
      out.push(kubelet(now, 'Warning', 'FailedPostStartHook', POST_START_HOOK_FAILED));
      out.push(kubelet(now, 'Normal', 'Killing', 'FailedPostStartHook'));
      break;
    case 'container.probe.failed': {
      const probe = t.event.data.probe;
      out.push(kubelet(now, 'Warning', 'Unhealthy', unhealthyMessage(probe, t.event.data.message ?? '')));
      if (probe !== 'readiness' && isUpState(was.value) && isStoppingState(now.value)) {
        // computePodActions: restart := shouldRestartOnFailure(pod) (restartPolicy != Never); sidecars always restart.
        const restart = now.ctx.role === 'sidecar' || after.ctx.restartPolicy !== 'Never';
        out.push(kubelet(now, 'Normal', 'Killing', probeKillMessage(name, probe, restart)));
      }
      break;
    }
    case 'container.exited':
      if (inCrashLoopBackOff(after, now, t.time)) {
        out.push(kubelet(now, 'Warning', 'BackOff', crashLoopBackOffEventMessage(name, after.ctx)));
      }
      break;
  }
  return out;
}

/** The container exited and the kubelet's next restart attempt falls inside the crash-loop back-off. */
export function inCrashLoopBackOff(pod: PodState, s: ContainerSlot, time: number): boolean {
  if (!isTerminatedState(s.value) || pod.ctx.deletion !== undefined || pod.ctx.terminalPhase !== undefined)
    return false;
  if (!policyRestarts(s.ctx)) return false;
  const due = restartNotBefore(s.ctx);
  return due !== undefined && due > time;
}
