import type { Pod, Volume } from './types.js';

/** serviceaccount.DefaultAPITokenMountPath. @internal */
export const serviceAccountTokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The volume name prefix (ServiceAccountVolumeName + "-"). @internal */
export const serviceAccountVolumePrefix = 'kube-api-access-';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: the magic 3607 of the default token volume. @internal */
export const warnOnlyBoundTokenExpirationSeconds = 3607;

// utilrand.String's alphabet (no vowels, no confusable digits).
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The 5-character suffix upstream draws at random, derived here from the Pod's uid (or
 * namespace/name when it has none) with FNV-1a so a replay gives the same volume name.
 * @internal
 */
export function serviceAccountVolumeSuffix(pod: Pod): string {
  const seed = pod.metadata.uid ?? `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 5; round++) {
    for (const ch of `${seed}#${round}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += alphanums[h % alphanums.length];
  }
  return out;
}

/** TokenVolumeSource(): the projected source of the default kube-api-access volume. @internal */
export function tokenVolumeSource(): NonNullable<Volume['projected']> {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: warnOnlyBoundTokenExpirationSeconds } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
  };
}

/**
 * The ServiceAccount admission plugin's mutation (plugin/pkg/admission/serviceaccount):
 * serviceAccountName defaults to `default` and, unless the Pod sets automountServiceAccountToken
 * to false, a `kube-api-access-<suffix>` projected volume is added (or an existing
 * `kube-api-access-*` volume reused) and mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every init and app container that has no
 * mount at that path. ServiceAccount objects are not modelled, so only the Pod's preference counts.
 * Pure: returns a new Pod (a copy with {@link serviceAccountAdmission} applied).
 */
export function admitServiceAccount(pod: Pod): Pod {
  const out = structuredClone(pod);
  serviceAccountAdmission(out);
  return out;
}

/** The ServiceAccount admission of {@link admitServiceAccount} as a recipe: mutates `pod` in place. @internal */
export function serviceAccountAdmission(pod: Pod): void {
  const spec = pod.spec;
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  if (spec.automountServiceAccountToken === false) return;
  const existing = (spec.volumes ?? []).find(
    // Runs before validation (as the API server admits, then validates): a malformed entry is
    // left for validatePod to name, not dereferenced here.
    (v) => typeof v?.name === 'string' && v.name.startsWith(serviceAccountVolumePrefix),
  );
  const volumeName = existing?.name ?? `${serviceAccountVolumePrefix}${serviceAccountVolumeSuffix(pod)}`;
  let needs = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    // An existing mount at the default path prevents mounting the token there.
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === serviceAccountTokenMountPath)) continue;
    needs = true;
    c.volumeMounts ??= [];
    c.volumeMounts.push({ name: volumeName, readOnly: true, mountPath: serviceAccountTokenMountPath });
  }
  if (!existing && needs) {
    spec.volumes ??= [];
    spec.volumes.push({ name: volumeName, projected: tokenVolumeSource() });
  }
}
