import type { ContainerCtx, ContainerRole, ContainerSlot, PodCtx } from '../machines/types.js';
import { defaultTolerationsAdmission } from '../manifest/admitDefaultTolerations.js';
import { serviceAccountAdmission } from '../manifest/admitServiceAccount.js';
import { defaultPodRecipe } from '../manifest/defaultPod.js';
import type { Pod } from '../manifest/types.js';
import { invalidImageMessage, normalizeImageRef } from './imageRef.js';

// Normalised Pods are never changed once made, so one manifest object replayed (or generated)
// many times under the same uid is normalised once.
const normalized = new WeakMap<Pod, Map<string, Pod>>();

/** The Pod as the API server stores it: API defaults, then the ServiceAccount and DefaultTolerationSeconds admission plugins. Pure. */
export function normalizePod(manifest: Pod, uid: string): Pod {
  let byUid = normalized.get(manifest);
  const hit = byUid?.get(uid);
  if (hit !== undefined) return hit;
  // One copy, then the API server's steps as recipes on it (admissionReview runs the same recipes
  // on immer drafts to report their JSON Patches; not here, on the replay path).
  const out = cloneManifest(manifest);
  defaultPodRecipe(out);
  out.metadata.uid = uid;
  serviceAccountAdmission(out);
  defaultTolerationsAdmission(out);
  if (byUid === undefined) {
    byUid = new Map();
    normalized.set(manifest, byUid);
  }
  byUid.set(uid, out);
  return out;
}

/**
 * A deep copy of a manifest, as structuredClone makes it, an order of magnitude faster for what a
 * manifest is (plain objects, arrays and primitives, as JSON gives them); anything else (another
 * prototype, an own `__proto__` key) goes to structuredClone. Pure.
 */
function cloneManifest<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(cloneManifest(v[i]));
    return out as T;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype || Object.hasOwn(v, '__proto__'))
    return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneManifest((v as Record<string, unknown>)[k]);
  return out as T;
}

/** A fresh container context for the i-th container of the Pod. */
function containerCtx(pod: Pod, index: number): ContainerCtx {
  const inits = pod.spec.initContainers ?? [];
  const spec = index < inits.length ? inits[index]! : pod.spec.containers[index - inits.length]!;
  const role: ContainerRole =
    index >= inits.length ? 'app' : spec.restartPolicy === 'Always' ? 'sidecar' : 'init';
  // Every field copyContainer writes, in its order (absent ones undefined): fresh and copied
  // contexts share one hidden class, and JSON (which drops undefined) is unchanged.
  return {
    name: spec.name,
    index,
    role,
    spec,
    image: spec.image,
    imageKey: normalizeImageRef(spec.image),
    imageError: invalidImageMessage(spec.image),
    pullPolicy: spec.imagePullPolicy ?? 'IfNotPresent',
    runs: 0,
    restartCount: 0,
    startedAt: undefined,
    containerID: undefined,
    current: undefined,
    last: undefined,
    sandbox: 0,
    pulled: false,
    imageID: undefined,
    pullError: undefined,
    pullFailedAt: undefined,
    pullBackoff: undefined,
    backoff: undefined,
    startError: undefined,
    configError: undefined,
    startupFailures: 0,
    readySuccesses: 0,
    readyFailures: 0,
    livenessFailures: 0,
    podGraceSeconds: pod.spec.terminationGracePeriodSeconds ?? 30,
    kill: undefined,
    livenessKilledInSandbox: undefined,
    stopped: false,
    needsRun: false,
    podRestartPolicy: pod.spec.restartPolicy ?? 'Always',
  } satisfies Record<keyof ContainerCtx, unknown>;
}

/** The Pod machine's context right after `pod.created`. */
export function createPodCtx(pod: Pod, uid: string, time: number): PodCtx {
  const n = (pod.spec.initContainers?.length ?? 0) + pod.spec.containers.length;
  const containers: ContainerSlot[] = [];
  const byName: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const ctx = containerCtx(pod, i);
    containers.push({ value: 'waiting.forTurn', ctx });
    byName[ctx.name] = i;
  }
  // Every field copyPod writes, in its order (absent ones undefined): see containerCtx.
  return {
    uid,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    pod,
    restartPolicy: pod.spec.restartPolicy ?? 'Always',
    createdAt: time,
    node: undefined,
    unschedulable: undefined,
    sandboxFailure: undefined,
    podIP: undefined,
    hostIP: undefined,
    sandbox: 0,
    sandboxDiedAt: undefined,
    startTime: undefined,
    initialized: false,
    everInitialized: false,
    deletion: undefined,
    statusReason: undefined,
    disruption: undefined,
    terminalPhase: undefined,
    terminalAt: undefined,
    gates: {},
    metadataRevisions: undefined,
    containers,
    byName,
    updatedAt: time,
  } satisfies Record<keyof PodCtx, unknown>;
}
