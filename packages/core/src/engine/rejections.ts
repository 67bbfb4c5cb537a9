import type { PodStateValue } from '../machines/types.js';

/** Why an event has no transition at all in a Pod state (no guard was even tried). */
export function noTransitionReason(state: PodStateValue, type: string, node: string | undefined): string {
  const container = type.startsWith('container.');
  switch (state) {
    case 'removed':
      return 'the Pod was removed';
    case 'unscheduled':
      if (container || type.startsWith('pod.sandbox'))
        return 'the Pod is not scheduled yet (pod.scheduled first)';
      if (type === 'pod.removed') return 'pod.deletion.requested first';
      break;
    case 'scheduled':
      if (container) return 'the Pod has no ready sandbox (pod.sandbox.ready first)';
      if (type === 'pod.scheduled') return `the Pod is already bound to node "${node}"`;
      if (type === 'pod.removed') return 'pod.deletion.requested first';
      if (type === 'pod.sandbox.died') return 'the Pod has no sandbox';
      break;
    case 'active':
      if (type === 'pod.scheduled') return `the Pod is already bound to node "${node}"`;
      if (type === 'pod.sandbox.ready') return 'the Pod already has a ready sandbox (pod.sandbox.died first)';
      if (type === 'pod.removed') return 'pod.deletion.requested first';
      break;
    case 'terminating':
      if (container) return 'the Pod is being deleted: nothing starts while it terminates';
      if (type === 'pod.scheduled' || type === 'pod.sandbox.ready') return 'the Pod is being deleted';
      break;
    case 'finished':
      if (container) return 'the Pod has finished (Succeeded/Failed): its containers never run again';
      return 'the Pod has finished (Succeeded/Failed): only deletion and removal follow';
  }
  return `it cannot happen while the Pod is ${state}`;
}
