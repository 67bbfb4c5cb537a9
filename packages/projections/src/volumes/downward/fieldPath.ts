import type { ObjectFieldSelector, Pod } from '@podstate/core';
import {
  convertDownwardAPIFieldLabel,
  isQualifiedName,
  splitMaybeSubscriptedPath,
} from '@podstate/core/runtime';
import { formatMap } from './formatMap.js';

/** What the kubelet knows about a Pod beyond its manifest, for downward API values. */
export interface PodFacts {
  uid?: string;
  nodeName?: string;
  podIP?: string;
  podIPs?: readonly string[];
  hostIP?: string;
  hostIPs?: readonly string[];
}

type Result = { value: string } | { error: string };

/**
 * fieldpath.ExtractFieldPathAsString for a Pod: metadata name, namespace, uid, labels and
 * annotations (FormatMap), and subscripted labels/annotations (missing key → ""). Pure.
 */
export function extractFieldPathAsString(pod: Pod, fieldPath: string, facts: PodFacts = {}): Result {
  const meta = pod.metadata;
  const [path, subscript, ok] = splitMaybeSubscriptedPath(fieldPath);
  if (ok) {
    if (path === 'metadata.annotations' || path === 'metadata.labels') {
      const errs = isQualifiedName(path === 'metadata.annotations' ? subscript.toLowerCase() : subscript);
      if (errs.length > 0) return { error: `invalid key subscript in ${fieldPath}: ${errs.join(';')}` };
      const bag = path === 'metadata.annotations' ? meta.annotations : meta.labels;
      return { value: bag?.[subscript] ?? '' };
    }
    return { error: `fieldPath "${fieldPath}" does not support subscript` };
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return { value: formatMap(meta.annotations) };
    case 'metadata.labels':
      return { value: formatMap(meta.labels) };
    case 'metadata.name':
      return { value: meta.name };
    case 'metadata.namespace':
      return { value: meta.namespace ?? 'default' };
    case 'metadata.uid':
      return { value: meta.uid ?? facts.uid ?? '' };
    default:
      return { error: `unsupported fieldPath: ${fieldPath}` };
  }
}

/**
 * Kubelet.podFieldSelectorRuntimeValue: an env var's fieldRef value, including the env-only
 * spec.nodeName, spec.serviceAccountName, status.hostIP(s), status.podIP(s) and
 * spec.terminationGracePeriodSeconds (default "30"). An absent apiVersion counts as `v1`. Pure.
 */
export function podFieldSelectorRuntimeValue(fs: ObjectFieldSelector, pod: Pod, facts: PodFacts): Result {
  const conv = convertDownwardAPIFieldLabel(fs.apiVersion ?? 'v1', fs.fieldPath);
  if ('error' in conv) return conv;
  const podIPs = facts.podIPs ?? (facts.podIP ? [facts.podIP] : []);
  const hostIPs = facts.hostIPs ?? (facts.hostIP ? [facts.hostIP] : []);
  switch (conv.path) {
    case 'spec.nodeName':
      return { value: pod.spec.nodeName ?? facts.nodeName ?? '' };
    case 'spec.serviceAccountName':
      return { value: pod.spec.serviceAccountName ?? '' };
    case 'status.hostIP':
      return hostIPs[0] !== undefined
        ? { value: hostIPs[0] }
        : { error: 'host IP unknown; known addresses: []' };
    case 'status.hostIPs':
      return { value: hostIPs.join(',') };
    case 'status.podIP':
      return { value: podIPs[0] ?? '' };
    case 'status.podIPs':
      return { value: podIPs.join(',') };
    case 'spec.terminationGracePeriodSeconds':
      return { value: String(pod.spec.terminationGracePeriodSeconds ?? 30) };
    default:
      return extractFieldPathAsString(pod, conv.path, facts);
  }
}
