import type { ClusterEnv } from '../engine/env.js';
import { policyRestarts } from './containerRules.js';
import type { MachineEvent } from './events.js';
import { allStopped, containerEventRule, podCompleting, scheduleRule } from './podRules.js';
import type { PodCtx } from './types.js';

type Guard = (pod: PodCtx, e: MachineEvent, env: ClusterEnv) => string | undefined;

const kubeletReason = (r: unknown) => r === undefined || r === 'Evicted';

/** The Pod machine's guards: each gives undefined when the event may happen, else the reason. */
export const podGuards = {
  canSchedule: scheduleRule,
  notDeleted: (pod) => (pod.deletion ? 'the Pod is being deleted' : undefined),
  kubeletPresent: (pod, _e, env) =>
    env.nodes.get(pod.node!)?.lost
      ? `node "${pod.node}" is lost: its kubelet cannot report until node.recovered`
      : undefined,
  containerEvent: (pod, e, env) => containerEventRule(pod, e, env, false),
  containerEventTerminating: (pod, e, env) => containerEventRule(pod, e, env, true),
  podDone: (pod) => (allStopped(pod) && podCompleting(pod) ? undefined : 'not done'),
  stoppedOnNode: (pod, _e, env) =>
    pod.node !== undefined && !env.nodes.get(pod.node)?.lost && allStopped(pod) ? undefined : 'not stopped',
  sandboxNotRecreated: (pod) => {
    // computePodActions §6.1: Never with containers that ran, or OnFailure with nothing left to start.
    const ran = pod.containers.some((s) => s.ctx.runs > 0);
    if (pod.restartPolicy === 'Never' && ran && pod.sandbox > 0) return undefined;
    if (pod.restartPolicy === 'OnFailure') {
      const apps = pod.containers.filter((s) => s.ctx.role === 'app');
      const toStart = apps.filter((s) => !(s.value === 'terminated' && s.ctx.current?.exitCode === 0));
      if (toStart.length === 0 && apps.some((s) => s.ctx.runs > 0)) return undefined;
    }
    return 'recreated';
  },
  kubeletEviction: (pod, e) => {
    if (!kubeletReason(e.data.reason)) {
      return `the Pod is already being deleted: only the kubelet's own eviction (reason Evicted) still applies, not "${e.data.reason}"`;
    }
    return pod.node === undefined
      ? 'the kubelet evicts only Pods bound to its node (pod.scheduled first)'
      : undefined;
  },
  controllerEviction: (pod, e) =>
    kubeletReason(e.data.reason)
      ? pod.node === undefined
        ? 'the kubelet evicts only Pods bound to its node (pod.scheduled first)'
        : 'reason Evicted is the kubelet eviction'
      : undefined,
  unbound: (pod) =>
    pod.node === undefined
      ? undefined
      : 'the kubelet removes a bound Pod only after all its containers have stopped',
  deletionRequested: (pod) => (pod.deletion ? undefined : 'pod.removed needs pod.deletion.requested first'),
  willRestartSomething: (pod) => (pod.containers.some((s) => policyRestarts(s.ctx)) ? undefined : 'nothing'),
} satisfies Record<string, Guard>;
