import { enablePatches, Immer, type Patch } from 'immer';
import { defaultTolerationsAdmission } from './admitDefaultTolerations.js';
import { serviceAccountAdmission } from './admitServiceAccount.js';
import { defaultPodRecipe } from './defaultPod.js';
import type { Pod } from './types.js';

enablePatches();
const immer = new Immer({ autoFreeze: false });

/** One RFC 6902 JSON Patch operation. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/** What one mutating step did to the Pod, as a mutating admission webhook reports it. */
export interface AdmissionPatch {
  /** `defaults` (API defaulting), `ServiceAccount` or `DefaultTolerationSeconds`. */
  plugin: 'defaults' | 'ServiceAccount' | 'DefaultTolerationSeconds';
  /** The upstream code the step follows. */
  upstream: string;
  patchType: 'JSONPatch';
  /** RFC 6902 operations, relative to the Pod as the step received it. */
  patch: JsonPatchOperation[];
}

/** An RFC 6901 JSON Pointer from a path of keys (`~` → `~0`, `/` → `~1`). */
export function toJsonPointer(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) out += `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return out;
}

/** immer's patches as RFC 6902 operations (immer's ops and array indices are RFC 6902's). */
export function toJsonPatch(patches: readonly Patch[]): JsonPatchOperation[] {
  return patches.map((p) =>
    p.op === 'remove'
      ? { op: 'remove', path: toJsonPointer(p.path) }
      : { op: p.op, path: toJsonPointer(p.path), value: p.value },
  );
}

const steps: { plugin: AdmissionPatch['plugin']; upstream: string; recipe: (pod: Pod) => void }[] = [
  { plugin: 'defaults', upstream: 'pkg/apis/core/v1/defaults.go SetDefaults_Pod', recipe: defaultPodRecipe },
  {
    plugin: 'ServiceAccount',
    upstream: 'plugin/pkg/admission/serviceaccount/admission.go Admit',
    recipe: serviceAccountAdmission,
  },
  {
    plugin: 'DefaultTolerationSeconds',
    upstream: 'plugin/pkg/admission/defaulttolerationseconds/admission.go Admit',
    recipe: defaultTolerationsAdmission,
  },
];

/**
 * What the API server did to a Pod manifest before storing it, step by step as JSON Patches:
 * defaulting, then the ServiceAccount and DefaultTolerationSeconds admission plugins — the same
 * recipes `normalizePod` runs, here on immer drafts so each step reports its patch. Applying the
 * patches in order to the manifest (with its `metadata.uid`) gives the stored Pod. Not on the
 * replay path (normalizePod runs the recipes on a plain copy).
 */
export function admissionReview(manifest: Pod, uid: string): { pod: Pod; patches: AdmissionPatch[] } {
  let pod = structuredClone(manifest);
  pod.metadata = { ...(pod.metadata ?? {}), uid } as Pod['metadata'];
  const patches: AdmissionPatch[] = [];
  for (const step of steps) {
    const [next, p] = immer.produceWithPatches(pod, (draft) => {
      step.recipe(draft as Pod);
    });
    pod = next as Pod;
    patches.push({
      plugin: step.plugin,
      upstream: step.upstream,
      patchType: 'JSONPatch',
      patch: toJsonPatch(p),
    });
  }
  return { pod, patches };
}
