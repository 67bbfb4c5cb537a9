import { type Refusal, refuse } from '../machines/refusal.js';
import { type ClusterEnv, type ConfigObject, nodeAddress } from './env.js';
import { normalizeImageRef } from './imageRef.js';
import type { EventInput } from './types.js';

const tail = (stream: string, prefix: string) =>
  stream.startsWith(prefix) ? stream.slice(prefix.length) : undefined;

function objectKey(e: EventInput, kind: 'secret' | 'configmap'): { ns: string; name: string } | Refusal {
  // The stream names the object (`secret/<ns>/<name>`); data.namespace/name may repeat it but
  // never stand in for it: a record on another kind's stream is refused even when trusted.
  const t = tail(e.stream, `${kind}/`);
  const [sns, sname] = t?.split('/') ?? [];
  const ns = (e.data.namespace as string | undefined) ?? sns;
  const name = (e.data.name as string | undefined) ?? sname;
  if (t === undefined || !ns || !name)
    return refuse(
      'wrong_stream',
      'stream',
      `stream must be "${kind}/<namespace>/<name>" (got "${e.stream}")`,
    );
  if (sns !== undefined && (sns !== ns || sname !== name)) {
    return refuse(
      'invalid_data',
      'stream',
      `data names ${ns}/${name} but the stream is "${e.stream}": they must agree`,
    );
  }
  return { ns, name };
}

/** The node a node event names: the stream's, which `data.node` may repeat but not contradict. */
function nodeName(e: EventInput): string | Refusal {
  const fromStream = tail(e.stream, 'node/');
  const fromData = e.data.node as string | undefined;
  if (!fromStream)
    return refuse('wrong_stream', 'stream', `stream must be "node/<name>" (got "${e.stream}")`);
  if (fromData !== undefined && fromData !== fromStream) {
    return refuse(
      'invalid_data',
      'stream',
      `data.node is "${fromData}" but the stream is "${e.stream}": they must agree`,
    );
  }
  return fromStream;
}

/** Why a cluster event would be refused now, or undefined; changes nothing. Pure. */
export function clusterEventRule(env: ClusterEnv, e: EventInput): Refusal | undefined {
  if (e.type === 'clock.advanced') return undefined;
  if (e.type.startsWith('node.')) {
    const name = nodeName(e);
    if (typeof name !== 'string') return name;
    const node = env.nodes.get(name);
    if (e.type === 'node.registered')
      return node && !node.implicit
        ? refuse(
            'node_already_registered',
            'node registry',
            `node "${name}" is already registered: use node.updated to change it`,
          )
        : undefined;
    if (!node)
      return refuse(
        'node_not_registered',
        'node registry',
        `node "${name}" is not registered (node.registered first)`,
      );
    if (e.type === 'node.lost' && node.lost)
      return refuse('node_already_lost', 'node lifecycle controller', `node "${name}" is already lost`);
    if (e.type === 'node.recovered' && !node.lost)
      return refuse(
        'node_not_lost',
        'node lifecycle controller',
        `node "${name}" is not lost: node.recovered follows node.lost`,
      );
    return undefined;
  }
  const kind = e.type.startsWith('secret.') ? 'secret' : 'configmap';
  const key = objectKey(e, kind);
  if ('code' in key) return key;
  const id = `${key.ns}/${key.name}`;
  if (e.type.endsWith('.deleted') && !(kind === 'secret' ? env.secrets : env.configMaps).has(id))
    return refuse('object_not_found', 'object registry', `${kind} ${id} does not exist`);
  return undefined;
}

/**
 * Applies a cluster event (node, Secret, ConfigMap, clock) that clusterEventRule accepted to the
 * environment (the evolve half of the engine's decide/evolve). False when it changed nothing but
 * the clock (`env.time`, which the engine sets), true when it may have changed the cluster.
 */
export function evolveCluster(env: ClusterEnv, e: EventInput, time: number): boolean {
  if (e.type === 'clock.advanced') return false;
  if (e.type.startsWith('node.')) applyNodeEvent(env, e, nodeName(e) as string, time);
  else applyObjectEvent(env, e, time);
  return true;
}

function applyNodeEvent(env: ClusterEnv, e: EventInput, name: string, time: number): void {
  const node = env.nodes.get(name);
  if (e.type === 'node.registered') {
    const images = new Set((e.data.images as string[] | undefined)?.map(normalizeImageRef));
    for (const i of node?.images ?? []) images.add(i);
    env.nodes.set(name, {
      name,
      labels: { 'kubernetes.io/hostname': name, ...((e.data.labels as Record<string, string>) ?? {}) },
      images,
      lost: node?.lost ?? false,
      lostAt: node?.lostAt,
      address: node?.address ?? nodeAddress(env.nodes.size),
      implicit: false,
    });
    env.registeredNodes++;
  } else if (e.type === 'node.updated') {
    if (e.data.labels)
      node!.labels = { 'kubernetes.io/hostname': name, ...(e.data.labels as Record<string, string>) };
    if (e.data.images) node!.images = new Set((e.data.images as string[]).map(normalizeImageRef));
  } else {
    node!.lost = e.type === 'node.lost';
    node!.lostAt = e.type === 'node.lost' ? time : undefined;
  }
}

function applyObjectEvent(env: ClusterEnv, e: EventInput, time: number): void {
  const kind = e.type.startsWith('secret.') ? 'secret' : 'configmap';
  const key = objectKey(e, kind) as { ns: string; name: string };
  const map = kind === 'secret' ? env.secrets : env.configMaps;
  const id = `${key.ns}/${key.name}`;
  if (e.type.endsWith('.deleted')) {
    map.delete(id);
    return;
  }
  map.set(id, {
    kind,
    namespace: key.ns,
    name: key.name,
    data: (e.data.data as Record<string, string>) ?? {},
    binaryData: (e.data.binaryData as Record<string, string>) ?? {},
    type: e.data.type as string | undefined,
    appliedAt: time,
    version: (map.get(id)?.version ?? 0) + 1,
  } satisfies ConfigObject);
}
