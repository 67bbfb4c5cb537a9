import type { Engine, PodState } from '@podstate/core';
import type { ExtraViews } from './expectations.js';

/** env, mounts and /etc/hosts views for expectations (filled in by the volumes projections). */
export function extraViews(_engine: Engine, _pod: PodState, _now: number): ExtraViews {
  const unsupported = 'not available in this build';
  return { env: () => unsupported, mount: () => unsupported, hosts: () => unsupported };
}
