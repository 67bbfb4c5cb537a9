import type { Container, KeyToPath, Pod } from '../manifest/types.js';
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

function sourceError(
  env: ClusterEnv,
  kind: 'secret' | 'configmap',
  ns: string,
  name: string,
  items: KeyToPath[] | undefined,
  optional: boolean | undefined,
): string | undefined {
  const o = lookup(env, kind, ns, name);
  if (o === undefined) return optional ? undefined : `${kind} "${name}" not found`;
  for (const item of items ?? []) {
    if (!hasKey(o, item.key) && !optional) {
      return kind === 'secret'
        ? `references non-existent secret key: ${item.key}`
        : `configmap references non-existent config key: ${item.key}`;
    }
  }
  return undefined;
}

/**
 * The first volume the kubelet cannot set up because a non-optional Secret/ConfigMap (or key)
 * is missing, as the FailedMount message `MountVolume.SetUp failed for volume "v" : <err>`
 * (secret/configmap/projected SetUpAt, volumes.md §1, §2, §5.4). Pure.
 */
export function missingVolumeSource(pod: Pod, env: ClusterEnv): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const v of pod.spec.volumes ?? []) {
    let err: string | undefined;
    if (v.secret)
      err = sourceError(env, 'secret', ns, v.secret.secretName, v.secret.items, v.secret.optional);
    else if (v.configMap)
      err = sourceError(env, 'configmap', ns, v.configMap.name, v.configMap.items, v.configMap.optional);
    else if (v.projected) {
      for (const s of v.projected.sources ?? []) {
        if (s.secret) err = sourceError(env, 'secret', ns, s.secret.name, s.secret.items, s.secret.optional);
        else if (s.configMap)
          err = sourceError(env, 'configmap', ns, s.configMap.name, s.configMap.items, s.configMap.optional);
        if (err !== undefined) break;
      }
    }
    if (err !== undefined) return `MountVolume.SetUp failed for volume "${v.name}" : ${err}`;
  }
  return undefined;
}

/**
 * Why the kubelet cannot build this container's environment (makeEnvironmentVariables,
 * volumes.md §5.2): the CreateContainerConfigError message, or undefined. Pure.
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
