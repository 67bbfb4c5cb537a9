import { podStage } from '../machines/podStates.js';
import { type Refusal, refuse } from '../machines/refusal.js';
import type { PodStateValue } from '../machines/types.js';

const RULE = 'pod machine';

/**
 * Why an event has no transition at all in a Pod state (no guard was even tried). Pure.
 * @internal
 */
export function noTransitionReason(state: PodStateValue, type: string, node: string | undefined): Refusal {
  const container = type.startsWith('container.');
  if (type === 'pod.scheduling-gates.removed' && state !== 'scheduling.gated')
    return refuse('no_such_scheduling_gate', 'ValidatePodUpdate', 'the Pod has no scheduling gates');
  if (state === 'scheduling.gated') {
    if (type === 'pod.scheduled' || type === 'pod.unschedulable')
      return refuse(
        'scheduling_gated',
        'SchedulingGates.PreEnqueue',
        'the Pod has scheduling gates (spec.schedulingGates): the scheduler does not consider it until they are removed (pod.scheduling-gates.removed)',
      );
  }
  if (state === 'terminating.awaitingRemoval') return finished(container);
  switch (podStage(state)) {
    case 'removed':
      return refuse('pod_removed', RULE, 'the Pod was removed');
    case 'scheduling':
      if (container || type.startsWith('pod.sandbox'))
        return refuse('not_scheduled', RULE, 'the Pod is not scheduled yet (pod.scheduled first)');
      if (type === 'pod.removed')
        return refuse('deletion_not_requested', RULE, 'pod.deletion.requested first');
      break;
    case 'sandbox':
      if (container)
        return refuse('no_sandbox', RULE, 'the Pod has no ready sandbox (pod.sandbox.ready first)');
      if (type === 'pod.scheduled')
        return refuse('already_bound', RULE, `the Pod is already bound to node "${node}"`);
      if (type === 'pod.removed')
        return refuse('deletion_not_requested', RULE, 'pod.deletion.requested first');
      if (type === 'pod.sandbox.died') return refuse('no_sandbox', RULE, 'the Pod has no sandbox');
      break;
    case 'containers':
      if (type === 'pod.scheduled')
        return refuse('already_bound', RULE, `the Pod is already bound to node "${node}"`);
      if (type === 'pod.sandbox.ready')
        return refuse('sandbox_exists', RULE, 'the Pod already has a ready sandbox (pod.sandbox.died first)');
      if (type === 'pod.removed')
        return refuse('deletion_not_requested', RULE, 'pod.deletion.requested first');
      break;
    case 'terminating':
      // The start facts have no transition here (ShouldContainerBeRestarted).
      if (container)
        return refuse(
          'pod_terminating',
          'ShouldContainerBeRestarted',
          'the Pod is being deleted: nothing starts while it terminates',
        );
      if (type === 'pod.removed')
        return refuse(
          'containers_running',
          'podResourcesAreReclaimed',
          'the kubelet removes a bound Pod only after all its containers have stopped',
        );
      if (type === 'pod.scheduled' || type === 'pod.sandbox.ready')
        return refuse('pod_terminating', RULE, 'the Pod is being deleted');
      break;
    case 'finished':
      if (type === 'pod.removed')
        return refuse(
          'deletion_not_requested',
          'BeforeDelete',
          'pod.removed needs pod.deletion.requested first',
        );
      return finished(container);
  }
  return refuse('not_in_state', RULE, `it cannot happen while the Pod is ${state}`);
}

/** A Pod whose containers stopped for good: only deletion and removal follow. */
function finished(container: boolean): Refusal {
  return refuse(
    'pod_finished',
    RULE,
    container
      ? 'the Pod has finished (Succeeded/Failed): its containers never run again'
      : 'the Pod has finished (Succeeded/Failed): only deletion and removal follow',
  );
}
