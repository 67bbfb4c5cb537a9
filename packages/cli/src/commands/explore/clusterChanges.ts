import type { ConfigMap, EventInput, Pod, Secret } from '@podstate/core';
import type { ExploreInput } from './readExploreInputs.js';
import { REDACTED } from './readExploreInputs.js';

/** An event without its time: the generator stamps it. */
export type UntimedEvent = Omit<EventInput, 'time'>;

/** Every Secret/ConfigMap a Pod references (volumes, projected sources, env, envFrom), with the keys it names. */
export function configReferences(pod: Pod): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  const add = (kind: 'secret' | 'configmap', name: string, keys: readonly string[] = []) => {
    const k = `${kind}/${name}`;
    const set = refs.get(k) ?? new Set<string>();
    for (const key of keys) set.add(key);
    refs.set(k, set);
  };
  for (const v of pod.spec.volumes ?? []) {
    if (v.secret)
      add(
        'secret',
        v.secret.secretName,
        v.secret.items?.map((i) => i.key),
      );
    if (v.configMap)
      add(
        'configmap',
        v.configMap.name,
        v.configMap.items?.map((i) => i.key),
      );
    for (const p of v.projected?.sources ?? []) {
      if (p.secret)
        add(
          'secret',
          p.secret.name,
          p.secret.items?.map((i) => i.key),
        );
      if (p.configMap)
        add(
          'configmap',
          p.configMap.name,
          p.configMap.items?.map((i) => i.key),
        );
    }
  }
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const f of c.envFrom ?? []) {
      if (f.secretRef) add('secret', f.secretRef.name);
      if (f.configMapRef) add('configmap', f.configMapRef.name);
    }
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      const m = e.valueFrom?.configMapKeyRef;
      if (s) add('secret', s.name, [s.key]);
      if (m) add('configmap', m.name, [m.key]);
    }
  }
  return refs;
}

/**
 * The cluster changes a lifecycle may draw from: each referenced Secret/ConfigMap applied (with
 * the file's keys, or the keys the Pod names) and deleted, and each node lost and recovered.
 * Data carries what the Scenario step writes beside `event:`, so a replay gives the same facts.
 */
export function clusterChanges(pod: Pod, input: ExploreInput): UntimedEvent[] {
  const namespace = pod.metadata.namespace ?? 'default';
  const out: UntimedEvent[] = [];
  for (const [ref, keys] of configReferences(pod)) {
    const [kind, name] = ref.split('/') as ['secret' | 'configmap', string];
    const stream = `${kind}/${namespace}/${name}`;
    const given = input.cluster.find(
      (o) =>
        o.kind.toLowerCase() === kind &&
        o.metadata.name === name &&
        (o.metadata.namespace ?? 'default') === namespace,
    ) as Secret | ConfigMap | undefined;
    const names = given ? Object.keys(given.data ?? {}) : keys.size > 0 ? [...keys] : ['key'];
    const value = kind === 'secret' ? REDACTED : 'value';
    const data = Object.fromEntries(names.map((k) => [k, given?.data?.[k] ?? value]));
    out.push({ stream, type: `${kind}.applied`, data: { namespace, name, data } });
    out.push({ stream, type: `${kind}.deleted`, data: { namespace, name } });
  }
  const nodes = input.cluster.filter((o) => o.kind === 'Node').map((o) => o.metadata.name);
  for (const node of nodes.length > 0 ? nodes : ['node-1']) {
    out.push({ stream: `node/${node}`, type: 'node.lost', data: { node } });
    out.push({ stream: `node/${node}`, type: 'node.recovered', data: { node } });
  }
  return out;
}
