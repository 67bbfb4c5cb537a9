import { isRestartableInitContainer } from './containerHelpers.js';
import { humanDuration } from './humanDuration.js';
import { type Instant, toMillis } from './time.js';
import type { ContainerStatus, PodObject } from './types.js';

/** One `kubectl get pods` row; the wide fields are always computed. */
export interface PodRow {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
  ip: string;
  node: string;
  nominatedNode: string;
  readinessGates: string;
  /** The table row condition kubectl uses to hide completed pods (metav1.TableRowCondition). */
  completed?: { reason: 'Succeeded' | 'Failed'; message: string };
}

/** `status.reason` the legacy node controller sets (nodepkg.NodeUnreachablePodReason). */
const NODE_LOST = 'NodeLost';

/**
 * The `kubectl get pods` row of a Pod (pkg/printers/internalversion/printers.go printPod):
 * READY counts ready regular containers plus started, ready sidecars; STATUS is the phase or
 * reason overridden by init and container states; RESTARTS carries "(5m ago)". Pure.
 *
 * @param now the instant AGE and "ago" are measured from (the log's latest event time).
 * @example printPod(pod, '2026-01-02T15:10:00Z').status // 'CrashLoopBackOff'
 */
export function printPod(pod: PodObject, now: Instant): PodRow {
  const nowMs = toMillis(now);
  const status = pod.status ?? { phase: 'Pending' as const };
  const spec = pod.spec;
  const conditions = status.conditions ?? [];
  let restarts = 0;
  let sidecarRestarts = 0;
  let totalContainers = spec.containers.length;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;

  let reason: string = status.reason ? status.reason : status.phase;
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    reason = 'SchedulingGated';

  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  for (const c of spec.initContainers ?? []) if (isRestartableInitContainer(c)) totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as ContainerStatus;
    const isSidecar = isRestartableInitContainer(initSpecs.get(container.name));
    restarts += container.restartCount;
    lastRestart = Math.max(lastRestart, finishedAt(container));
    if (isSidecar) {
      sidecarRestarts += container.restartCount;
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(container));
    }
    const { terminated, waiting } = container.state;
    if (terminated && terminated.exitCode === 0) continue;
    if (isSidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  const initialized = conditions.find((c) => c.type === 'Initialized')?.status === 'True';
  if (!initializing || initialized) {
    // Regular init containers' restarts no longer count once the Pod is initialized.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Scanned backwards so that the first container with a reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as ContainerStatus;
      restarts += container.restartCount;
      lastRestart = Math.max(lastRestart, finishedAt(container));
      const { waiting, terminated, running } = container.state;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated)
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (container.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata.deletionTimestamp != null;
  if (deleting && status.reason === NODE_LOST) reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartsCell =
    restarts !== 0 && lastRestart !== 0
      ? `${restarts} (${humanDuration(nowMs - lastRestart)} ago)`
      : String(restarts);
  const created = pod.metadata.creationTimestamp;

  const gates = spec.readinessGates ?? [];
  const trueGates = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;

  const row: PodRow = {
    name: pod.metadata.name,
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts: restartsCell,
    age: created ? humanDuration(nowMs - toMillis(created)) : '<unknown>',
    ip: status.podIPs?.[0]?.ip || '<none>',
    node: spec.nodeName || '<none>',
    nominatedNode: status.nominatedNodeName || '<none>',
    readinessGates: gates.length > 0 ? `${trueGates}/${gates.length}` : '<none>',
  };
  if (status.phase === 'Succeeded')
    row.completed = { reason: 'Succeeded', message: 'The pod has completed successfully.' };
  if (status.phase === 'Failed') row.completed = { reason: 'Failed', message: 'The pod failed.' };
  return row;
}

/** lastState.terminated.finishedAt in ms, 0 (Go's zero time) when absent. */
function finishedAt(s: ContainerStatus): number {
  const t = s.lastState.terminated?.finishedAt;
  return t ? toMillis(t) : 0;
}

/**
 * What makes a `get pods` row "changed": everything but AGE and the "(5m ago)" of RESTARTS, which
 * move with time alone (kubectl -w prints an object when it changes, not when it ages).
 */
export function rowKey(r: PodRow): string {
  return [
    r.name,
    r.ready,
    r.status,
    r.restarts.replace(/ \(.*\)$/, ''),
    r.ip,
    r.node,
    r.nominatedNode,
    r.readinessGates,
  ].join('\t');
}
