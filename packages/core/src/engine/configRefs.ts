import type { Container, KeyToPath, Pod, Volume } from '../manifest/types.js';
import { utf8Length } from '../manifest/volumePaths.js';
import { CLUSTER_PROVIDED_CONFIGMAPS, type ClusterEnv, type ConfigObject } from './env.js';

function lookup(
  env: ClusterEnv,
  kind: 'secret' | 'configmap',
  ns: string,
  name: string,
): ConfigObject | 'provided' | undefined {
  if (kind === 'configmap') {
    const o = env.configMaps.get(`${ns}/${name}`);
    return o ?? (CLUSTER_PROVIDED_CONFIGMAPS.has(name) ? 'provided' : undefined);
  }
  return env.secrets.get(`${ns}/${name}`);
}

const hasKey = (o: ConfigObject | 'provided', key: string) =>
  o === 'provided' ? key === 'ca.crt' : key in o.data || key in o.binaryData;

/** A Secret/ConfigMap a volume reads, resolved once per Pod manifest. */
interface VolumeSourceRef {
  volume: string;
  kind: 'secret' | 'configmap';
  /** `namespace/name`, the key of env.secrets / env.configMaps. */
  key: string;
  name: string;
  items: KeyToPath[] | undefined;
  optional: boolean | undefined;
}

/** A Pod manifest's volume references, resolved once (see volumeSourceRefs). */
interface VolumeSourceRefs {
  /** Per volume that reads Secrets/ConfigMaps, its references in spec order. */
  volumes: VolumeSourceRef[][];
  /**
   * Every reference resolves while no Secret or ConfigMap is stored: each is optional, or names a
   * ConfigMap the cluster provides (kube-root-ca.crt) and only keys it holds. Such a Pod (every Pod
   * with just the service-account volume) mounts whenever the cluster stores none, with no lookup.
   */
  needsNone: boolean;
}

// Per Pod manifest (never changed after admission): the Secrets/ConfigMaps its volumes read, in
// spec order, so the engine's per-event checks look the objects up without building keys again.
const volumeRefs = new WeakMap<Pod, VolumeSourceRefs>();

function volumeSourceRefs(pod: Pod): VolumeSourceRefs {
  let refs = volumeRefs.get(pod);
  if (refs !== undefined) return refs;
  const ns = pod.metadata.namespace ?? 'default';
  const ref = (
    volume: string,
    kind: 'secret' | 'configmap',
    name: string,
    items: KeyToPath[] | undefined,
    optional: boolean | undefined,
  ): VolumeSourceRef => ({ volume, kind, key: `${ns}/${name}`, name, items, optional });
  const volumes: VolumeSourceRef[][] = [];
  for (const v of pod.spec.volumes ?? []) {
    const mine: VolumeSourceRef[] = [];
    if (v.secret) mine.push(ref(v.name, 'secret', v.secret.secretName, v.secret.items, v.secret.optional));
    else if (v.configMap)
      mine.push(ref(v.name, 'configmap', v.configMap.name, v.configMap.items, v.configMap.optional));
    else if (v.projected) {
      for (const src of v.projected.sources ?? []) {
        if (src.secret)
          mine.push(ref(v.name, 'secret', src.secret.name, src.secret.items, src.secret.optional));
        else if (src.configMap)
          mine.push(
            ref(v.name, 'configmap', src.configMap.name, src.configMap.items, src.configMap.optional),
          );
      }
    }
    if (mine.length > 0) volumes.push(mine);
  }
  const needsNone = volumes.every((mine) => mine.every((r) => refError(NO_CONFIG, r) === undefined));
  refs = { volumes, needsNone };
  volumeRefs.set(pod, refs);
  return refs;
}

/** A cluster storing no Secret or ConfigMap (what `needsNone` is decided against; only read). */
const NO_CONFIG: Pick<ClusterEnv, 'secrets' | 'configMaps'> = { secrets: new Map(), configMaps: new Map() };

function refError(env: Pick<ClusterEnv, 'secrets' | 'configMaps'>, r: VolumeSourceRef): string | undefined {
  const o =
    r.kind === 'configmap'
      ? (env.configMaps.get(r.key) ?? (CLUSTER_PROVIDED_CONFIGMAPS.has(r.name) ? 'provided' : undefined))
      : env.secrets.get(r.key);
  if (o === undefined) return r.optional ? undefined : `${r.kind} "${r.name}" not found`;
  if (r.items === undefined || r.optional) return undefined;
  for (const item of r.items) {
    if (!hasKey(o, item.key)) {
      return r.kind === 'secret'
        ? `references non-existent secret key: ${item.key}`
        : `configmap references non-existent config key: ${item.key}`;
    }
  }
  return undefined;
}

/**
 * The first volume the kubelet cannot set up because a non-optional Secret/ConfigMap (or key)
 * is missing, as the FailedMount message `MountVolume.SetUp failed for volume "v" : <err>`
 * (secret/configmap/projected SetUpAt, volumes.md §1, §2, §5.4). Pure. On the replay path (every
 * container start asks it): the references are resolved once per manifest, the objects each time.
 * @internal
 */
export function missingVolumeSource(pod: Pod, env: ClusterEnv): string | undefined {
  const refs = volumeSourceRefs(pod);
  // No ConfigMap stored: the answer is the one decided for the manifest (the shortcut of the replay
  // path). Stored Secrets cannot change it: a Secret reference resolves with none stored only when
  // it is optional, and an optional reference resolves whatever is stored.
  if (refs.needsNone && env.configMaps.size === 0) return undefined;
  for (const volume of refs.volumes) {
    for (const r of volume) {
      const err = refError(env, r);
      if (err !== undefined) return `MountVolume.SetUp failed for volume "${r.volume}" : ${err}`;
    }
  }
  return undefined;
}

/**
 * Why the kubelet cannot build this container's environment (makeEnvironmentVariables,
 * volumes.md §5.2): the CreateContainerConfigError message, or undefined. Pure.
 * @internal
 */
export function missingEnvSource(pod: Pod, c: Container, env: ClusterEnv): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of c.envFrom ?? []) {
    const ref = from.secretRef ?? from.configMapRef;
    if (ref === undefined || ref.optional) continue;
    const kind = from.secretRef ? 'secret' : 'configmap';
    if (lookup(env, kind, ns, ref.name) === undefined) return `${kind} "${ref.name}" not found`;
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (ref === undefined || ref.optional) continue;
    const secret = e.valueFrom?.secretKeyRef !== undefined;
    const o = lookup(env, secret ? 'secret' : 'configmap', ns, ref.name);
    if (o === undefined) return `${secret ? 'secret' : 'configmap'} "${ref.name}" not found`;
    const present = o === 'provided' ? ref.key === 'ca.crt' : ref.key in o.data;
    if (!present)
      return `couldn't find key ${ref.key} in ${secret ? 'Secret' : 'ConfigMap'} ${ns}/${ref.name}`;
  }
  return undefined;
}

const MAX_PATH_BYTES = 4096;
const MAX_FILE_NAME_BYTES = 255;

/**
 * The atomic writer's length checks (pkg/volume/util/atomic_writer.go `validatePath`, run by
 * `validatePayload` on every payload path): a path over 4096 bytes or a file name over 255 bytes
 * fails the volume's SetUp. The API accepts such `items[].path` values (it checks only `..` and
 * absolute paths), so they fail at mount time. Pure.
 * @internal
 */
export function kubeletPathError(path: string): string | undefined {
  if (utf8Length(path) > MAX_PATH_BYTES)
    return `invalid path: must be less than or equal to ${MAX_PATH_BYTES} characters`;
  for (const item of path.split('/')) {
    if (utf8Length(item) > MAX_FILE_NAME_BYTES)
      return `invalid path: filenames must be less than or equal to ${MAX_FILE_NAME_BYTES} characters`;
  }
  return undefined;
}

/** Every payload path a volume's spec names (items, downward API files, the token path). */
function specPaths(v: Volume): string[] {
  const out: string[] = [];
  for (const i of v.secret?.items ?? []) out.push(i.path);
  for (const i of v.configMap?.items ?? []) out.push(i.path);
  for (const i of v.downwardAPI?.items ?? []) out.push(i.path);
  for (const s of v.projected?.sources ?? []) {
    for (const i of s.secret?.items ?? []) out.push(i.path);
    for (const i of s.configMap?.items ?? []) out.push(i.path);
    for (const i of s.downwardAPI?.items ?? []) out.push(i.path);
    if (s.serviceAccountToken) out.push(s.serviceAccountToken.path);
  }
  return out;
}

/**
 * Why the kubelet cannot mount the Pod's volumes now, as the FailedMount message: a missing
 * non-optional Secret/ConfigMap (or key), or a payload path the atomic writer rejects. SyncPod
 * (`WaitForAttachAndMount`) creates no sandbox until every volume is mounted. Pure.
 * @internal
 */
export function unmountableVolume(pod: Pod, env: ClusterEnv): string | undefined {
  const missing = missingVolumeSource(pod, env);
  if (missing !== undefined) return missing;
  return payloadPathError(pod) ?? undefined;
}

// The payload path check depends on the manifest alone: once per Pod manifest (null: none).
const pathErrors = new WeakMap<Pod, string | null>();

function payloadPathError(pod: Pod): string | null {
  let found = pathErrors.get(pod);
  if (found !== undefined) return found;
  found = null;
  outer: for (const v of pod.spec.volumes ?? []) {
    for (const p of specPaths(v)) {
      const err = kubeletPathError(p);
      if (err !== undefined) {
        found = `MountVolume.SetUp failed for volume "${v.name}" : ${err}`;
        break outer;
      }
    }
  }
  pathErrors.set(pod, found);
  return found;
}
