import type { Pod } from './types.js';

/**
 * Warnings the API server returns with a created Pod (pkg/api/pod/warnings.go
 * GetWarningsForPodTemplate) for what podstate models: a negative terminationGracePeriodSeconds
 * is accepted, stored as is, and treated as 1 on deletion. Pure.
 */
export function podWarnings(pod: Pod): string[] {
  const warnings: string[] = [];
  const grace = pod.spec?.terminationGracePeriodSeconds;
  if (grace != null && grace < 0) {
    warnings.push(
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    );
  }
  return warnings;
}
