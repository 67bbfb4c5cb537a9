import type { ConfigMap, Secret } from '@podstate/core';
import { decodeBase64Std } from '@podstate/core/runtime';

/** A Secret as the kubelet holds it: decoded bytes per key. `version` names the revision seen. */
export interface SecretObject {
  data: Record<string, Uint8Array>;
  version?: number;
}

/** A ConfigMap as the kubelet holds it: `data` strings and decoded `binaryData`. */
export interface ConfigMapObject {
  data: Record<string, string>;
  binaryData: Record<string, Uint8Array>;
  version?: number;
}

/** The Secrets and ConfigMaps one kubelet can see at one instant. */
export interface ObjectView {
  secret(namespace: string, name: string): SecretObject | undefined;
  configMap(namespace: string, name: string): ConfigMapObject | undefined;
}

/** The ConfigMap every namespace has without anyone writing it (root-ca-cert-publisher). */
export const rootCAConfigMapName = 'kube-root-ca.crt';

/**
 * A fixed, obviously fake CA certificate in PEM form, so `ca.crt` has a stable, realistic shape.
 * It is not a parseable certificate.
 */
export const fakeClusterCAPem = (() => {
  const body = Buffer.from('podstate fake cluster CA - not a real certificate. '.repeat(8)).toString(
    'base64',
  );
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
})();

/** The kube-root-ca.crt ConfigMap the cluster provides in every namespace. */
export function clusterRootCAConfigMap(): ConfigMapObject {
  return { data: { 'ca.crt': fakeClusterCAPem }, binaryData: {} };
}

/**
 * Wraps a view so cluster-provided objects exist: kube-root-ca.crt in every namespace unless the
 * view has one of its own (a user-applied one wins).
 */
export function withClusterObjects(view: ObjectView): ObjectView {
  return {
    secret: (ns, name) => view.secret(ns, name),
    configMap: (ns, name) =>
      view.configMap(ns, name) ?? (name === rootCAConfigMapName ? clusterRootCAConfigMap() : undefined),
  };
}

function decodeAll(bag: Record<string, string> | undefined, what: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(bag ?? {})) {
    const r = decodeBase64Std(v);
    // Validation rejects such objects before they reach the log; reaching here is a caller bug.
    if (!('bytes' in r))
      throw new Error(`${what}[${k}] is not valid base64 (byte ${r.errorAt}); validate the object first`);
    out[k] = r.bytes;
  }
  return out;
}

/** The kubelet's view of an applied Secret: base64 decoded, stringData merged over data. */
export function secretObjectFrom(
  secret: Pick<Secret, 'data' | 'stringData'>,
  version?: number,
): SecretObject {
  const data = decodeAll(secret.data, 'data');
  for (const [k, v] of Object.entries(secret.stringData ?? {})) data[k] = new TextEncoder().encode(v);
  return version === undefined ? { data } : { data, version };
}

/** The kubelet's view of an applied ConfigMap: binaryData decoded. */
export function configMapObjectFrom(
  cm: Pick<ConfigMap, 'data' | 'binaryData'>,
  version?: number,
): ConfigMapObject {
  const obj: ConfigMapObject = {
    data: { ...(cm.data ?? {}) },
    binaryData: decodeAll(cm.binaryData, 'binaryData'),
  };
  if (version !== undefined) obj.version = version;
  return obj;
}

/** A view over fixed maps keyed `namespace/name`, handy for tests and one-off projections. */
export function staticObjectView(objects: {
  secrets?: Record<string, SecretObject>;
  configMaps?: Record<string, ConfigMapObject>;
}): ObjectView {
  return {
    secret: (ns, name) => objects.secrets?.[`${ns}/${name}`],
    configMap: (ns, name) => objects.configMaps?.[`${ns}/${name}`],
  };
}
