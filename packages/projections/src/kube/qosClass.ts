import type { PodSpec } from '@podstate/core';
import { PodstateError, parseResourceQuantity } from '@podstate/core/views';
import type { PodQOSClass } from './types.js';

const QOS_RESOURCES = ['cpu', 'memory'];

/** A quantity in nano-units (apimachinery's precision), so `100m`, `0.1` and `1e-1` compare equal. */
function nanoUnits(container: string, resource: string, value: string | number): bigint {
  const q = parseResourceQuantity(value);
  if (q === undefined)
    throw new PodstateError(
      'bad_input',
      `container ${container}: resources ${resource} ${JSON.stringify(String(value))} is not a quantity: expected e.g. 100m, 0.5, 128Mi or 1Gi`,
    );
  return (q.num * 1_000_000_000n) / q.den;
}

/**
 * The Pod's QoS class (pkg/apis/core/v1/helper/qos ComputePodQOS): BestEffort without any cpu or
 * memory request or limit; Guaranteed when every container (init included) limits both cpu and
 * memory and the summed requests equal the summed limits; Burstable otherwise. Only positive
 * quantities count. Requests are read as given: apply API defaulting (request = limit) first. Pure.
 */
export function qosClass(spec: PodSpec): PodQOSClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let isGuaranteed = true;
  for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
    for (const [name, q] of Object.entries(container.resources?.requests ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const v = nanoUnits(container.name, name, q);
      if (v > 0n) requests.set(name, (requests.get(name) ?? 0n) + v);
    }
    const limitsFound = new Set<string>();
    for (const [name, q] of Object.entries(container.resources?.limits ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const v = nanoUnits(container.name, name, q);
      if (v > 0n) {
        limitsFound.add(name);
        limits.set(name, (limits.get(name) ?? 0n) + v);
      }
    }
    if (!limitsFound.has('memory') || !limitsFound.has('cpu')) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
