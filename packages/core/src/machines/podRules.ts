import { missingEnvSource, missingVolumeSource } from '../engine/configRefs.js';
import { type ClusterEnv, nodeForBinding } from '../engine/env.js';
import { pick, pickedRefusal, runStep, steppedCtx } from './compile.js';
import { compiledContainerMachine } from './compiledContainer.js';
import {
  killedRun,
  policyRestarts,
  probeStateRule,
  restingTerminated,
  sharePullOutcome,
  showPullBackOff,
} from './containerRules.js';
import { copyContainer, copyPod } from './copy.js';
import {
  type ContainerEvent,
  type ContainerMachineEvent,
  isContainerEvent,
  type MachineEvent,
} from './events.js';
import { type Refusal, refuse } from './refusal.js';
import {
  type ContainerSlot,
  isRunningState,
  isStartedState,
  isStoppingState,
  isTerminatedState,
  isUpState,
  type PodCtx,
} from './types.js';

const running = (s: ContainerSlot) => isRunningState(s.value);
const names = (xs: ContainerSlot[]) => xs.map((s) => `"${s.ctx.name}"`).join(', ');

/**
 * The Pod's node is lost: its kubelet cannot report (lifecycle.md §10).
 * @internal
 */
export function nodeLost(pod: PodCtx): Refusal {
  return refuse(
    'node_lost',
    'kubelet',
    `node "${pod.node}" is lost: its kubelet cannot report until node.recovered`,
  );
}

/**
 * The container slot an event names, or undefined.
 * @internal
 */
export function slotOf(pod: PodCtx, e: ContainerEvent): ContainerSlot | undefined {
  // -1 (no such container) reads as undefined.
  return pod.containers[containerIndex(pod, e.data.container)];
}

/**
 * The index of the container named `name` in the Pod, or -1. A scan of the few containers with
 * `===`: the event's name is a fresh string on replay, and looking it up in `byName` would hash it
 * (and `byName` answers inherited names such as `constructor`). Pure.
 * @internal
 */
export function containerIndex(pod: PodCtx, name: string): number {
  const containers = pod.containers;
  for (let i = 0; i < containers.length; i++) if (containers[i]!.ctx.name === name) return i;
  return -1;
}

/**
 * A regular init container that exited 0 in the current sandbox. One that ran in an earlier
 * sandbox is left to run again by the sandbox's death (needsRun), unless the Pod was being
 * deleted then: it never gets another sandbox.
 * @internal
 */
export function completedInSandbox(_pod: PodCtx, s: ContainerSlot): boolean {
  return isTerminatedState(s.value) && s.ctx.current?.exitCode === 0 && !s.ctx.needsRun;
}

/**
 * A sidecar that is running and has passed its startup probe in the current sandbox, or that the
 * kubelet killed after a liveness failure once it had started (computeInitContainerActions saw it
 * started when it decided the kill, so it does not hold back what comes after it).
 */
export function startedInSandbox(pod: PodCtx, s: ContainerSlot): boolean {
  if (s.ctx.livenessKilledInSandbox === pod.sandbox) return true;
  // Up means up in this sandbox: the sandbox's death kills every running container (killRunning).
  return isUpState(s.value) && isStartedState(s.value);
}

/** computeInitContainerActions: the first init container that blocks the next one, if any. */
function initBlocker(pod: PodCtx, upTo: number): Refusal | undefined {
  for (let j = 0; j < upTo; j++) {
    const s = pod.containers[j]!;
    if (s.ctx.role === 'init' && !completedInSandbox(pod, s))
      return refuse(
        'init_not_completed',
        'computeInitContainerActions',
        `init container "${s.ctx.name}" has not completed`,
      );
    if (s.ctx.role === 'sidecar' && !startedInSandbox(pod, s)) {
      return refuse(
        'sidecar_not_started',
        'computeInitContainerActions',
        `sidecar "${s.ctx.name}" has not started${s.ctx.spec.startupProbe ? ' (startup probe not yet passed)' : ''}`,
      );
    }
  }
  return undefined;
}

/** Another container running its postStart hook, or undefined. */
function postStartRunning(pod: PodCtx, s: ContainerSlot): ContainerSlot | undefined {
  const containers = pod.containers;
  for (let i = 0; i < containers.length; i++) {
    const o = containers[i]!;
    if (o !== s && o.value === 'running.postStart') return o;
  }
  return undefined;
}

/** Another init container that is running, or undefined. */
function initRunning(pod: PodCtx, s: ContainerSlot): ContainerSlot | undefined {
  const containers = pod.containers;
  for (let i = 0; i < containers.length; i++) {
    const o = containers[i]!;
    if (o !== s && o.ctx.role === 'init' && running(o)) return o;
  }
  return undefined;
}

/** Pod-level conditions for pulling, creating or starting a container (SyncPod order, §5, §6). */
function startBlocker(
  pod: PodCtx,
  s: ContainerSlot,
  env: ClusterEnv,
  forStart: boolean,
): Refusal | undefined {
  const turn = turnBlocker(pod, s, env);
  if (turn !== undefined) return turn;
  const c = s.ctx;
  if (c.imageError !== undefined)
    return refuse('invalid_image_name', 'EnsureImageExists', `InvalidImageName: ${c.imageError}`);
  if (!forStart) return undefined;
  // startContainer: EnsureImageExists (step 1), then generateContainerConfig (step 2).
  const image = imageBlocker(pod, c, env);
  if (image !== undefined) return image;
  const cfg = missingEnvSource(pod.pod, c.spec, env);
  if (cfg !== undefined)
    return refuse(
      'config_missing',
      'makeEnvironmentVariables',
      `CreateContainerConfigError: ${cfg}: apply the object first`,
    );
  return undefined;
}

/**
 * Whether it is the container's turn (computePodActions: nothing before it blocks, no other
 * postStart runs, its volumes are mounted): the kubelet's sync reaches its startContainer.
 */
function turnBlocker(pod: PodCtx, s: ContainerSlot, env: ClusterEnv): Refusal | undefined {
  const busy = postStartRunning(pod, s);
  if (busy)
    return refuse(
      'poststart_running',
      'startContainer',
      `container "${busy.ctx.name}" is running its postStart hook; the kubelet starts nothing else until it returns`,
    );
  const mount = missingVolumeSource(pod.pod, env);
  if (mount !== undefined)
    return refuse(
      'volume_not_mounted',
      'WaitForAttachAndMount',
      `${mount} (FailedMount): apply the object first`,
    );
  const c = s.ctx;
  // Not yet started in this sandbox: a container that never ran has sandbox 0 (the Pod's is 1 or
  // more once containers run), and one the sandbox death left to run again (needsRun) started in
  // an earlier sandbox; container.started sets both.
  const firstInSandbox = c.sandbox !== pod.sandbox;
  if (c.role === 'init') {
    if (pod.initialized)
      return refuse(
        'pod_initialized',
        'computeInitContainerActions',
        `the Pod is initialized: init container "${c.name}" does not run again in this sandbox`,
      );
    const other = initRunning(pod, s);
    if (other)
      return refuse(
        'init_running',
        'computeInitContainerActions',
        `init container "${other.ctx.name}" is running: init containers run one at a time`,
      );
    return firstInSandbox ? initBlocker(pod, c.index) : undefined;
  }
  // A sidecar's or an app container's first start in the sandbox waits for every init container
  // before it (an app's index is past all of them) until the Pod is initialized; an app container
  // that started in this sandbox initialized the Pod.
  return firstInSandbox && !pod.initialized ? initBlocker(pod, c.index) : undefined;
}

/** startContainer step 1 (EnsureImageExists): the image is on the node as the pull policy needs it. */
function imageBlocker(pod: PodCtx, c: ContainerSlot['ctx'], env: ClusterEnv): Refusal | undefined {
  const node = env.nodes.get(pod.node!);
  const present = node?.images.has(c.imageKey) ?? false;
  if (c.pullPolicy === 'Always' && !c.pulled) {
    return refuse(
      'image_not_pulled',
      'EnsureImageExists',
      `imagePullPolicy Always: image "${c.image}" must be pulled before each start (container.image.pulled)`,
    );
  }
  if (c.pullPolicy === 'IfNotPresent' && !present && !c.pulled) {
    return refuse(
      'image_absent',
      'EnsureImageExists',
      `image "${c.image}" is not present on node "${pod.node}": pull it first (container.image.pulled)`,
    );
  }
  if (c.pullPolicy === 'Never' && !present) {
    return refuse(
      'image_never_pull',
      'EnsureImageExists',
      `ErrImageNeverPull: Container image "${c.image}" is not present with pull policy of Never`,
    );
  }
  return undefined;
}

// Per container spec (never changed after admission): whether its env names a Secret or ConfigMap.
const envRefs = new WeakMap<ContainerSlot['ctx']['spec'], boolean>();

function hasEnvRefs(spec: ContainerSlot['ctx']['spec']): boolean {
  if (spec.env === undefined && spec.envFrom === undefined) return false;
  let has = envRefs.get(spec);
  if (has === undefined) {
    has =
      (spec.envFrom?.some((f) => f.secretRef !== undefined || f.configMapRef !== undefined) ?? false) ||
      (spec.env?.some(
        (v) => v.valueFrom?.secretKeyRef !== undefined || v.valueFrom?.configMapKeyRef !== undefined,
      ) ??
        false);
    envRefs.set(spec, has);
  }
  return has;
}

/** The states in which the kubelet's sync may try to start the container (first start or restart). */
const START_SYNC_STATES = new Set<string>([
  'waiting.forTurn',
  'waiting.imagePulled',
  'waiting.invalidImageName',
  'waiting.errImageNeverPull',
  'waiting.createContainerConfigError',
  'terminated.exited',
  'terminated.crashLoopBackOff',
  'terminated.imagePulled',
  'terminated.errImageNeverPull',
  'terminated.createContainerConfigError',
]);

/** Whether a start of this container can fail in the sync (InvalidImageName, ErrImageNeverPull, CreateContainerConfigError). */
const startMayFail = (c: ContainerSlot['ctx']) =>
  c.imageError !== undefined || c.pullPolicy === 'Never' || hasEnvRefs(c.spec);

/**
 * The kubelet's sync of the Pod (SyncPod → computePodActions → startContainer), as far as the log
 * cannot say it: for every container whose turn it is (nothing before it blocks, its volumes are
 * mounted), in startContainer's order. Step 1, EnsureImageExists: an image name that does not parse
 * is `sync.image.invalid` (→ invalidImageName); under imagePullPolicy Never an absent image is
 * `sync.image.neverPull` (→ errImageNeverPull) and a present one `sync.image.resolved` (out of it).
 * Step 2, once the image is present as its pull policy needs, for a container whose env names a
 * Secret or ConfigMap, generateContainerConfig either fails (makeEnvironmentVariables: a missing
 * object or key, ErrCreateContainerConfig: `sync.config.failed` → createContainerConfigError) or
 * succeeds (`sync.config.resolved`, out of it). Run after every accepted Pod event of a Pod whose
 * sandbox is ready and that is not being deleted or terminal (the log has no sync fact: the Pod's
 * next event is the kubelet's next sync). Returns the changed containers, or the same array. Pure.
 * @internal
 */
export function syncContainerStarts(
  pod: PodCtx,
  env: ClusterEnv,
  at: { readonly time: number },
): ContainerSlot[] {
  const containers = pod.containers;
  if (pod.podIP === undefined || pod.deletion !== undefined || pod.terminalPhase !== undefined)
    return containers;
  let out = containers;
  for (let i = 0; i < containers.length; i++) {
    let s = containers[i]!;
    // running.* (the common case on replay) first: one character.
    if (s.value.charCodeAt(0) === 114 || !startMayFail(s.ctx) || !START_SYNC_STATES.has(s.value)) continue;
    // A lost node's kubelet does not sync.
    if (env.nodes.get(pod.node!)?.lost) return out;
    if (turnBlocker(pod, s, env) !== undefined) continue;
    // The event's time is read only here (the engine's no-op memo notes whether it was).
    const time = at.time;
    const c = s.ctx;
    const name = c.name;
    let image: ContainerMachineEvent | undefined;
    if (c.imageError !== undefined) image = { type: 'sync.image.invalid', time, data: { container: name } };
    else if (c.pullPolicy === 'Never')
      image =
        imageBlocker(pod, c, env) !== undefined
          ? { type: 'sync.image.neverPull', time, data: { container: name } }
          : { type: 'sync.image.resolved', time, data: { container: name } };
    if (image !== undefined) {
      const next = stepContainer(s, image);
      if (next !== undefined && (next.ctx !== s.ctx || next.value !== s.value)) {
        if (out === containers) out = containers.slice();
        out[i] = s = next;
      }
      if (image.type !== 'sync.image.resolved') continue;
    }
    if (!hasEnvRefs(c.spec) || imageBlocker(pod, c, env) !== undefined) continue;
    const message = missingEnvSource(pod.pod, c.spec, env);
    const e: ContainerMachineEvent =
      message !== undefined
        ? { type: 'sync.config.failed', time, data: { container: name, message } }
        : { type: 'sync.config.resolved', time, data: { container: name } };
    const next = stepContainer(s, e);
    if (next === undefined || (next.ctx === s.ctx && next.value === s.value)) continue;
    if (out === containers) out = containers.slice();
    out[i] = next;
  }
  return out;
}

/** The container chart's step for a kubelet-made event (a sync, the deletion): the slot after it, or undefined when no transition takes it. */
function stepContainer(s: ContainerSlot, e: ContainerMachineEvent): ContainerSlot | undefined {
  const t = pick(compiledContainerMachine, s.value, e.type, s.ctx, e, undefined);
  if (t === undefined) return undefined;
  const value = runStep(compiledContainerMachine, s.value, t, s.ctx, e, undefined);
  return { value: value as ContainerSlot['value'], ctx: steppedCtx<ContainerSlot['ctx']>() };
}

/**
 * The kubelet's next sync after an event that changed nothing in the Pod (one more passing probe):
 * the pull back-off shows and the containers' config is tried again. The same Pod when that
 * changes nothing either. Pure.
 */
function resync(pod: PodCtx, env: ClusterEnv, e: MachineEvent): PodCtx {
  const pulls = showPullBackOff(pod.containers, e);
  const view = pulls === pod.containers ? pod : { ...pod, containers: pulls };
  const synced = syncContainerStarts(view, env, e);
  if (synced === pod.containers) return pod;
  const next = copyPod(pod);
  next.containers = synced;
  next.updatedAt = e.time;
  return next;
}

/** Termination ordering (kuberuntime_termination_order.go, §9.3). */
function exitBlocker(pod: PodCtx, s: ContainerSlot): Refusal | undefined {
  const c = s.ctx;
  // executePreStopHook only waits for the hook: the process may exit meanwhile (nginx -s quit),
  // and the hook is then abandoned. So an exit is never refused for a pending preStop.
  if (c.role !== 'sidecar') return undefined;
  const apps = pod.containers.filter((o) => o.ctx.role === 'app' && running(o));
  if (apps.length > 0)
    return refuse(
      'sidecars_stop_last',
      'killContainersWithSyncResult',
      `sidecar "${c.name}" stops after the app containers (${names(apps)} still running)`,
    );
  const later = pod.containers.filter((o) => o.ctx.role === 'sidecar' && o.ctx.index > c.index && running(o));
  if (later.length > 0)
    return refuse(
      'sidecar_stop_order',
      'killContainersWithSyncResult',
      `sidecars stop in reverse order: ${names(later)} must stop before "${c.name}"`,
    );
  return undefined;
}

const NOT_DELETING = refuse(
  'not_deleting',
  'executePreStopHook',
  'the Pod is not being deleted: preStop runs only when the kubelet stops the container',
);

// The Pod chart routes only container.* events to the container guards and only pod.scheduled
// to scheduleRule; these refusals stand for the other events, which never reach them.
const NOT_A_CONTAINER_EVENT = refuse('branch_not_taken', 'container machine', 'not a container event');
const NOT_A_BINDING = refuse('branch_not_taken', 'schedulePod', 'not a binding');

/**
 * Why the kubelet could not report this container event now (beyond the container's own rules). A
 * terminating Pod's chart routes no start here (ShouldContainerBeRestarted is false once the Pod
 * has a deletionTimestamp: the engine refuses them with pod_terminating).
 */
function podLevelBlocker(
  pod: PodCtx,
  s: ContainerSlot,
  e: ContainerEvent,
  env: ClusterEnv,
  terminating: boolean,
): Refusal | undefined {
  switch (e.type) {
    case 'container.started':
    case 'container.created':
      return startBlocker(pod, s, env, true);
    case 'container.image.pulling':
    case 'container.image.pulled':
    case 'container.image.pull.failed':
      return startBlocker(pod, s, env, false);
    case 'container.exited':
      return terminating ? exitBlocker(pod, s) : undefined;
    case 'container.prestop.completed':
      return terminating || isStoppingState(s.value) ? undefined : NOT_DELETING;
    default:
      return undefined;
  }
}

/** A container state as refusals name it: `waiting`, `running (up)`, `running (stopping)`, `terminated`. */
function coarseState(value: ContainerSlot['value']): string {
  const [top, sub] = value.split('.');
  return top === 'running' ? `running (${sub})` : top!;
}

/**
 * Rule for any container event: the Pod's conditions, then the container machine's own.
 * @internal
 */
export function containerEventRule(
  pod: PodCtx,
  e: MachineEvent,
  env: ClusterEnv,
  terminating: boolean,
): Refusal | undefined {
  if (!isContainerEvent(e)) return NOT_A_CONTAINER_EVENT;
  const s = slotOf(pod, e);
  if (s === undefined) {
    return refuse(
      'no_such_container',
      'pod spec',
      `Pod ${pod.namespace}/${pod.name} has no container "${e.data.container}" (containers: ${Object.keys(pod.byName).join(', ')})`,
    );
  }
  const node = env.nodes.get(pod.node!);
  if (node?.lost) return nodeLost(pod);
  const why = podLevelBlocker(pod, s, e, env, terminating) ?? probeStateRule(s.value, s.ctx, e);
  if (why !== undefined) return why;
  if (pick(compiledContainerMachine, s.value, e.type, s.ctx, e, undefined) === undefined)
    return (
      pickedRefusal() ??
      refuse('container_state', 'container machine', `container "${s.ctx.name}" is ${coarseState(s.value)}`)
    );
  return undefined;
}

/**
 * Steps the container machine for an accepted event and applies the Pod-level consequences.
 * @internal
 */
export function applyContainerEvent(
  pod: PodCtx,
  e: MachineEvent,
  env: ClusterEnv,
  terminating: boolean,
): PodCtx {
  if (!isContainerEvent(e)) return pod;
  const i = containerIndex(pod, e.data.container);
  const s = pod.containers[i]!;
  // The guard (containerEventRule) accepted the event; choosing the container transition again
  // here keeps guards and actions free of shared state, as XState requires.
  const t = pick(compiledContainerMachine, s.value, e.type, s.ctx, e, undefined);
  if (t === undefined) return pod;
  const value = runStep(compiledContainerMachine, s.value, t, s.ctx, e, undefined) as ContainerSlot['value'];
  const stepped = steppedCtx<ContainerSlot['ctx']>();
  // Nothing changed (e.g. one more passing liveness probe): the Pod stays the same object, unless
  // the kubelet's sync that follows changes something.
  if (stepped === s.ctx && value === s.value) return terminating ? pod : resync(pod, env, e);
  // The stepped context is a fresh copy whenever an action ran; copy before changing it otherwise.
  let ctx = stepped;
  const own = () => {
    if (ctx === s.ctx) ctx = copyContainer(ctx);
    return ctx;
  };
  const next = copyPod(pod);
  if (e.type === 'container.started') {
    own().sandbox = pod.sandbox;
    if (ctx.role === 'app') next.initialized = true;
  }
  next.everInitialized = pod.everInitialized || next.initialized;
  next.updatedAt = e.time;
  const containers = pod.containers.slice();
  containers[i] = { value, ctx };
  const shared =
    e.type === 'container.image.pull.failed' || e.type === 'container.image.pulled'
      ? sharePullOutcome(containers, i)
      : containers;
  next.containers = shared;
  if (isTerminatedState(value) && !isTerminatedState(s.value) && (terminating || podCompleting(next))) {
    own().stopped = true;
    shared[i] = { value: 'terminated.exited', ctx };
  }
  // A container whose postStart hook returns while the Pod is being deleted is stopped at once
  // (only a terminating Pod has a deletion).
  const deletion = pod.deletion;
  next.containers = showPullBackOff(
    deletion !== undefined && e.type === 'container.poststart.succeeded'
      ? stopForDeletion(shared, e.time, (deletion.killDeadline - e.time) / 1000)
      : shared,
    e,
  );
  // The kubelet's sync after the event (none while deleting: syncContainerStarts skips such a Pod).
  next.containers = syncContainerStarts(next, env, e);
  return next;
}

/**
 * killPodWithSyncResult → killContainersWithSyncResult → killContainer: every running container
 * past postStart enters running.stopping (preStop, then SIGTERM with the deletion's grace); one
 * already stopping keeps the shorter deadline. Steps the container machine with the deletion and
 * its effective grace. Pure.
 * @internal
 */
export function stopForDeletion(containers: ContainerSlot[], time: number, grace: number): ContainerSlot[] {
  let out = containers;
  let e: ContainerMachineEvent | undefined;
  for (let i = 0; i < containers.length; i++) {
    const s = containers[i]!;
    // The chart moves a running container, and one shown in a start error
    // (CreateContainerConfigError, ErrImageNeverPull, InvalidImageName: it leaves it, nothing starts
    // once deleting); no other state has a transition for the deletion.
    e ??= { type: 'pod.deletion.requested', time, data: { gracePeriodSeconds: grace } };
    const next = stepContainer(s, e);
    if (next === undefined) continue;
    if (out === containers) out = containers.slice();
    out[i] = next;
  }
  return out;
}

/** Regular init container failed under restartPolicy Never: the kubelet kills the Pod (§5). */
export function initFailedUnderNever(pod: PodCtx): boolean {
  if (pod.restartPolicy !== 'Never') return false;
  return pod.containers.some(
    (s) => s.ctx.role === 'init' && isTerminatedState(s.value) && (s.ctx.current?.exitCode ?? 0) !== 0,
  );
}

/** An app container that has exited and will not be restarted. */
const appFinished = (s: ContainerSlot) => isTerminatedState(s.value) && !policyRestarts(s.ctx);

/**
 * computePodActions found nothing to keep and nothing to start (§6.2): every app container has
 * finished for good (or init failed under Never), so the kubelet stops the rest of the Pod.
 * @internal
 */
export function podCompleting(pod: PodCtx): boolean {
  if (initFailedUnderNever(pod)) return true;
  if (!pod.initialized) return false;
  return pod.containers.every((s) => s.ctx.role !== 'app' || appFinished(s));
}

/**
 * No container is running.
 */
export function allStopped(pod: PodCtx): boolean {
  return !pod.containers.some(running);
}

/**
 * A container that is not running keeps its state, except that an exited one is re-decided
 * (CrashLoopBackOff or exited) when the Pod changed whether it restarts. Pure.
 * @internal
 */
export function restTerminated(
  value: ContainerSlot['value'],
  ctx: ContainerSlot['ctx'],
): ContainerSlot['value'] {
  return value === 'terminated.exited' || value === 'terminated.crashLoopBackOff'
    ? restingTerminated(ctx)
    : value;
}

/**
 * Kills every running container (sandbox death, eviction, kubelet stop).
 * @internal
 */
export function killRunning(pod: PodCtx, now: number, stopped: boolean): ContainerSlot[] {
  // Built by push, not `map`: optimised code's `map` makes a holey array, and a second kind of
  // containers array would make every reader of `containers` polymorphic (see copy.ts).
  const out: ContainerSlot[] = [];
  for (const s of pod.containers) out.push(killed(s, now, stopped));
  return out;
}

function killed(s: ContainerSlot, now: number, stopped: boolean): ContainerSlot {
  if (!running(s) && !stopped) return s;
  const ctx = copyContainer(s.ctx);
  ctx.stopped = stopped;
  if (!running(s)) return { value: restTerminated(s.value, ctx), ctx };
  ctx.current = killedRun(s.ctx, now);
  ctx.kill = undefined;
  return { value: restingTerminated(ctx), ctx };
}

/**
 * Phase once the Pod is done (getPhase with podIsTerminal, TerminatePod): Succeeded iff every app container exited 0.
 * @internal
 */
export function terminalPhaseOf(pod: PodCtx): 'Succeeded' | 'Failed' {
  if (pod.statusReason?.reason === 'Evicted') return 'Failed';
  if (initFailedUnderNever(pod)) return 'Failed';
  const apps = pod.containers.filter((s) => s.ctx.role === 'app');
  return apps.every((s) => isTerminatedState(s.value) && s.ctx.current?.exitCode === 0)
    ? 'Succeeded'
    : 'Failed';
}

/**
 * Scheduling predicate: registered node, nodeName, nodeSelector, not lost.
 */
export function scheduleRule(pod: PodCtx, e: MachineEvent, env: ClusterEnv): Refusal | undefined {
  if (e.type !== 'pod.scheduled') return NOT_A_BINDING;
  const name = e.data.node;
  const node = nodeForBinding(env, name);
  if (node === undefined) {
    return refuse(
      'node_not_registered',
      'schedulePod',
      `node "${name}" is not registered (registered: ${[...env.nodes.keys()].filter((n) => !env.nodes.get(n)!.implicit).join(', ')})`,
    );
  }
  const spec = pod.pod.spec;
  if (spec.nodeName !== undefined && spec.nodeName !== name)
    return refuse(
      'node_name_mismatch',
      'NodeName.Filter',
      `spec.nodeName is "${spec.nodeName}", not "${name}"`,
    );
  if (node.lost)
    return refuse(
      'node_not_ready',
      'TaintToleration.Filter',
      `node "${name}" is not ready (node.lost): the scheduler does not bind to it`,
    );
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (node.labels[k] !== v) {
      return refuse(
        'node_selector_mismatch',
        'NodeAffinity.Filter',
        `node "${name}" does not match the Pod's nodeSelector ${k}=${v} (node has ${k}=${node.labels[k] ?? '<unset>'})`,
      );
    }
  }
  return undefined;
}
