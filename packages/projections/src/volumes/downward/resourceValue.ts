import type { Container, Pod, ResourceFieldSelector } from '@podstate/core';
import { parseResourceQuantity, quantityMilliValue, quantityValue } from '@podstate/core/runtime';

/**
 * The node allocatable podstate assumes when a container has no limit (the kubelet fills unset
 * limits from the node for the downward API): 4 CPUs, 16 GiB memory, 100 GiB ephemeral storage.
 */
export const defaultNodeAllocatable: Readonly<Record<string, string>> = {
  cpu: '4',
  memory: '16Gi',
  'ephemeral-storage': '100Gi',
};

type Result = { value: string } | { error: string };

function ceilDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

const q = (v: string | number | undefined) => (v === undefined ? undefined : parseResourceQuantity(v));

/** The container's limit (node allocatable when unset) or request (the limit when unset, as the API defaults). */
function amount(
  container: Container,
  kind: 'limits' | 'requests',
  name: string,
  alloc: Readonly<Record<string, string>>,
) {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const raw =
    kind === 'limits'
      ? (limits[name] ?? (name.startsWith('hugepages-') ? undefined : alloc[name]))
      : (requests[name] ?? limits[name]);
  return q(raw) ?? { num: 0n, den: 1n, format: 'DecimalSI' as const };
}

/**
 * resource.ExtractContainerResourceValue with the kubelet's node-allocatable defaulting: CPU is
 * ceil(milli / divisor milli), memory, storage and hugepages ceil(bytes / divisor); divisor
 * defaults to 1. Pure.
 * @param nodeAllocatable defaults to {@link defaultNodeAllocatable}
 */
export function containerResourceValue(
  fs: ResourceFieldSelector,
  pod: Pod,
  container: Container | undefined,
  nodeAllocatable: Readonly<Record<string, string>> = defaultNodeAllocatable,
): Result {
  let target = container;
  if (fs.containerName) {
    target = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(
      (c) => c.name === fs.containerName,
    );
    if (!target) return { error: `container ${fs.containerName} not found` };
  }
  if (!target) return { error: `container ${fs.containerName ?? ''} not found` };
  const divisorQ = q(fs.divisor);
  const divisor =
    divisorQ && divisorQ.num !== 0n ? divisorQ : { num: 1n, den: 1n, format: 'DecimalSI' as const };
  const dot = fs.resource.indexOf('.');
  const kind = fs.resource.slice(0, dot);
  const name = fs.resource.slice(dot + 1);
  if (kind !== 'limits' && kind !== 'requests')
    return { error: `unsupported container resource : ${fs.resource}` };
  const v = amount(target, kind, name, nodeAllocatable);
  if (name === 'cpu') return { value: String(ceilDiv(quantityMilliValue(v), quantityMilliValue(divisor))) };
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    return { value: String(ceilDiv(quantityValue(v), quantityValue(divisor))) };
  }
  return { error: `unsupported container resource : ${fs.resource}` };
}
