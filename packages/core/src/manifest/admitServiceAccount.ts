import type { Pod } from './types.js';

/**
 * The ServiceAccount admission plugin's mutation (plugin/pkg/admission/serviceaccount):
 * serviceAccountName defaults to `default` and, unless automountServiceAccountToken is false,
 * a `kube-api-access-<suffix>` projected volume is added and mounted in every container.
 * Placeholder: the volumes issue replaces this body. Pure: returns a new Pod.
 */
export function admitServiceAccount(pod: Pod): Pod {
  return pod;
}
