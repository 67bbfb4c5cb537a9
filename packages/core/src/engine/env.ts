/** A registered Node as the scheduler and kubelet see it. */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  /** The node's image cache: every name of every image present (status.images[].names). */
  images: Set<string>;
  lost: boolean;
  lostAt?: number;
  /** Deterministic node address, used as hostIP. */
  address: string;
  /** Created by binding a Pod while no Node was registered (any name is then accepted). */
  implicit: boolean;
}

/** A Secret or ConfigMap as currently stored. */
export interface ConfigObject {
  kind: 'secret' | 'configmap';
  namespace: string;
  name: string;
  /** Secret: base64 values; ConfigMap: plain strings. */
  data: Record<string, string>;
  /** ConfigMap only: base64 values. */
  binaryData: Record<string, string>;
  type?: string;
  appliedAt: number;
  /** Increments on every apply; deletion removes the object. */
  version: number;
}

/** Node-lost behaviour (docs/decisions.md): today's controllers, or the seed notes' Unknown phase. */
export type NodeLostProfile = 'current' | 'legacy';

/**
 * The cluster around the Pods: nodes, Secrets, ConfigMaps and the logical clock.
 * The Pod machine reads it; only the engine changes it.
 */
export interface ClusterEnv {
  /** Latest event time, ms. */
  time: number;
  profile: NodeLostProfile;
  nodes: Map<string, NodeInfo>;
  /** Keyed `namespace/name`. */
  secrets: Map<string, ConfigObject>;
  configMaps: Map<string, ConfigObject>;
  /** How many Nodes were registered by `node.registered` (implicit ones not counted). */
  registeredNodes: number;
}

/** Names of ConfigMaps the cluster provides in every namespace without the user writing them. @internal */
export const CLUSTER_PROVIDED_CONFIGMAPS = new Set(['kube-root-ca.crt']);

/** An empty cluster before any event. */
export function createClusterEnv(profile: NodeLostProfile = 'current'): ClusterEnv {
  return {
    time: Number.NEGATIVE_INFINITY,
    profile,
    nodes: new Map(),
    secrets: new Map(),
    configMaps: new Map(),
    registeredNodes: 0,
  };
}

/**
 * Deterministic address of the i-th node (10.0.0.1, 10.0.0.2, ...).
 * @internal
 */
export function nodeAddress(i: number): string {
  return `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

/** The node to bind to: a registered one, or an implicit one when none is registered. */
export function nodeForBinding(env: ClusterEnv, name: string): NodeInfo | undefined {
  const n = env.nodes.get(name);
  if (n !== undefined || env.registeredNodes > 0) return n;
  return {
    name,
    labels: { 'kubernetes.io/hostname': name },
    images: new Set(),
    lost: false,
    address: nodeAddress(env.nodes.size),
    implicit: true,
  };
}
