import type { ContainerCtx, PodCtx } from './types.js';

// Contexts are immutable: every action returns a new object. Copying field by field, with every
// optional field present (possibly undefined), gives every context one hidden class, which keeps
// replay monomorphic and about twice as fast as `{ ...ctx, field }` (measured by the replay bench).

/**
 * A shallow copy of a container context, to be changed before it is returned. Pure.
 * @internal
 */
export function copyContainer(c: ContainerCtx): ContainerCtx {
  return {
    name: c.name,
    index: c.index,
    role: c.role,
    spec: c.spec,
    image: c.image,
    imageKey: c.imageKey,
    imageError: c.imageError,
    pullPolicy: c.pullPolicy,
    runs: c.runs,
    restartCount: c.restartCount,
    startedAt: c.startedAt,
    containerID: c.containerID,
    current: c.current,
    last: c.last,
    sandbox: c.sandbox,
    pulled: c.pulled,
    imageID: c.imageID,
    pullError: c.pullError,
    pullFailedAt: c.pullFailedAt,
    pullBackoff: c.pullBackoff,
    backoff: c.backoff,
    startError: c.startError,
    configError: c.configError,
    startupFailures: c.startupFailures,
    readySuccesses: c.readySuccesses,
    readyFailures: c.readyFailures,
    livenessFailures: c.livenessFailures,
    podGraceSeconds: c.podGraceSeconds,
    kill: c.kill,
    livenessKilledInSandbox: c.livenessKilledInSandbox,
    stopped: c.stopped,
    needsRun: c.needsRun,
    podRestartPolicy: c.podRestartPolicy,
  } satisfies Record<keyof ContainerCtx, unknown>;
}

/**
 * A shallow copy of a Pod context, to be changed before it is returned. Pure.
 * @internal
 */
export function copyPod(p: PodCtx): PodCtx {
  return {
    uid: p.uid,
    namespace: p.namespace,
    name: p.name,
    pod: p.pod,
    restartPolicy: p.restartPolicy,
    createdAt: p.createdAt,
    node: p.node,
    unschedulable: p.unschedulable,
    sandboxFailure: p.sandboxFailure,
    podIP: p.podIP,
    hostIP: p.hostIP,
    sandbox: p.sandbox,
    sandboxDiedAt: p.sandboxDiedAt,
    startTime: p.startTime,
    initialized: p.initialized,
    everInitialized: p.everInitialized,
    deletion: p.deletion,
    statusReason: p.statusReason,
    disruption: p.disruption,
    terminalPhase: p.terminalPhase,
    terminalAt: p.terminalAt,
    gates: p.gates,
    metadataRevisions: p.metadataRevisions,
    containers: p.containers,
    byName: p.byName,
    updatedAt: p.updatedAt,
  } satisfies Record<keyof PodCtx, unknown>;
}

/**
 * Settles a context's hidden class: writes a number into every field of `o`. V8 first gives a
 * field the representation of the first value stored in it and marks it constant; a field that
 * held only undefined and then gets a number (`livenessKilledInSandbox`, `terminalAt`: rare, deep
 * in a replay) or is first written after its copy (`deletion`) changes the hidden class of every
 * context then, and every optimised function that reads contexts is thrown away and compiled
 * again. Written once here, when the module loads, each field is general and writable before
 * anything is compiled.
 */
function settle(o: object): void {
  for (const k of Object.keys(o)) (o as Record<string, unknown>)[k] = 0;
}
// The contexts normalizePod's createPodCtx and containerCtx make share these hidden classes (the
// same fields in the same order).
settle(copyPod({} as PodCtx));
settle(copyContainer({} as ContainerCtx));
