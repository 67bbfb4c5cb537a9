import type { Container, Pod } from '@podstate/core';
import { type PodFacts, podFieldSelectorRuntimeValue } from '../downward/fieldPath.js';
import { containerResourceValue } from '../downward/resourceValue.js';
import type { ConfigMapObject, ObjectView, SecretObject } from '../ObjectView.js';
import { type ObjectHistory, objectViewAt } from '../objectHistory.js';
import { expand, mappingFuncFor } from './expandVars.js';

/** What resolving a container's env needs: the objects as the kubelet saw them at container start. */
export interface EnvContext extends PodFacts {
  objects: ObjectView;
  /** Service-link variables (`KUBERNETES_SERVICE_HOST`…) in order; Services are not modelled, default none. */
  serviceEnv?: readonly (readonly [string, string])[];
  nodeAllocatable?: Record<string, string>;
}

/** The environment of a started container, or why it cannot start. */
export type EnvResult =
  | { env: [name: string, value: string][]; sensitive: Set<string> }
  | { reason: 'CreateContainerConfigError'; message: string };

const td = new TextDecoder();

/**
 * Kubelet.makeEnvironmentVariables: envFrom sources in order (ConfigMap `.data` only, Secret
 * `.data` as strings, prefix prepended, later keys overwrite), then each env entry in order
 * (`$(VAR)` expansion against the variables so far and the service vars, or its valueFrom), then
 * service vars not already set. Missing non-optional objects or keys give CreateContainerConfigError
 * with the kubelet's message; optional ones leave the variable unset. Upstream returns a Go map in
 * random order; podstate keeps first-definition order (envFrom keys sorted within a source). Pure.
 */
export function resolveEnv(pod: Pod, container: Container, ctx: EnvContext): EnvResult {
  const ns = pod.metadata.namespace ?? 'default';
  const fail = (message: string): EnvResult => ({ reason: 'CreateContainerConfigError', message });
  const tmpEnv = new Map<string, string>();
  const sensitive = new Set<string>();
  const set = (k: string, v: string, secret: boolean) => {
    tmpEnv.set(k, v);
    if (secret) sensitive.add(k);
    else sensitive.delete(k);
  };
  const configMaps = new Map<string, ConfigMapObject>();
  const secrets = new Map<string, SecretObject>();
  const getCM = (name: string) => configMaps.get(name) ?? ctx.objects.configMap(ns, name);
  const getSecret = (name: string) => secrets.get(name) ?? ctx.objects.secret(ns, name);

  for (const ef of container.envFrom ?? []) {
    const prefix = ef.prefix ?? '';
    if (ef.configMapRef) {
      const cm = getCM(ef.configMapRef.name);
      if (!cm) {
        if (ef.configMapRef.optional) continue;
        return fail(`configmap "${ef.configMapRef.name}" not found`);
      }
      configMaps.set(ef.configMapRef.name, cm);
      for (const k of Object.keys(cm.data).sort()) set(prefix + k, cm.data[k] ?? '', false);
    } else if (ef.secretRef) {
      const s = getSecret(ef.secretRef.name);
      if (!s) {
        if (ef.secretRef.optional) continue;
        return fail(`secret "${ef.secretRef.name}" not found`);
      }
      secrets.set(ef.secretRef.name, s);
      for (const k of Object.keys(s.data).sort()) set(prefix + k, td.decode(s.data[k]), true);
    }
  }

  const serviceEnv = new Map(ctx.serviceEnv ?? []);
  const mapping = mappingFuncFor(tmpEnv, serviceEnv);
  for (const ev of container.env ?? []) {
    let value = ev.value ?? '';
    let secret = false;
    if (value !== '') {
      value = expand(value, mapping);
      // An expansion can copy a Secret-derived value; keep it redacted.
      secret = [...sensitive].some((k) => (ev.value ?? '').includes(`$(${k})`));
    } else if (ev.valueFrom) {
      const vf = ev.valueFrom;
      if (vf.fieldRef) {
        const r = podFieldSelectorRuntimeValue(vf.fieldRef, pod, ctx);
        if ('error' in r) return fail(r.error);
        value = r.value;
      } else if (vf.resourceFieldRef) {
        const r = containerResourceValue(vf.resourceFieldRef, pod, container, ctx.nodeAllocatable);
        if ('error' in r) return fail(r.error);
        value = r.value;
      } else if (vf.configMapKeyRef) {
        const { name, key, optional } = vf.configMapKeyRef;
        const cm = getCM(name);
        if (!cm) {
          if (optional) continue;
          return fail(`configmap "${name}" not found`);
        }
        configMaps.set(name, cm);
        const v = cm.data[key];
        if (v === undefined) {
          if (optional) continue;
          return fail(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
        }
        value = v;
      } else if (vf.secretKeyRef) {
        const { name, key, optional } = vf.secretKeyRef;
        const s = getSecret(name);
        if (!s) {
          if (optional) continue;
          return fail(`secret "${name}" not found`);
        }
        secrets.set(name, s);
        const v = s.data[key];
        if (v === undefined) {
          if (optional) continue;
          return fail(`couldn't find key ${key} in Secret ${ns}/${name}`);
        }
        value = td.decode(v);
        secret = true;
      }
    }
    set(ev.name, value, secret);
  }
  const env: [string, string][] = [...tmpEnv];
  for (const [k, v] of serviceEnv) if (!tmpEnv.has(k)) env.push([k, v]);
  return { env, sensitive };
}

/** resolveEnv's inputs when the objects come from a history: the env is fixed at container start. */
export interface EnvHistoryContext extends Omit<EnvContext, 'objects'> {
  history: ObjectHistory;
  firstSyncAt: number;
  containerStartedAt: number;
  /**
   * How long after it is applied an object reaches the kubelet's Secret/ConfigMap manager, ms.
   * Default 0: the watch-based manager (the kubelet's default change detection) serves each
   * object from a reflector's cache, which a watch event updates at once.
   */
  propagationDelayMs?: number;
}

/**
 * The env of a container as it was created at `containerStartedAt` (GenerateRunContainerOptions →
 * makeEnvironmentVariables runs once per start, reading each object through the kubelet's
 * secretManager / configMapManager, whose watch-based cache has every applied revision): later
 * updates never reach a running container; a restart resolves again; an object that appeared
 * after an earlier start failed (CreateContainerConfigError) is read by the start that succeeds.
 * Mounted volumes lag instead (see `objectViewAt`): their files are rewritten on the Pod's
 * periodic sync. Pure.
 */
export function resolveEnvAt(pod: Pod, container: Container, ctx: EnvHistoryContext): EnvResult {
  const { history, firstSyncAt, containerStartedAt, propagationDelayMs, ...rest } = ctx;
  const objects = objectViewAt(history, {
    firstSyncAt,
    now: containerStartedAt,
    delayMs: propagationDelayMs ?? 0,
  });
  return resolveEnv(pod, container, { ...rest, objects });
}
