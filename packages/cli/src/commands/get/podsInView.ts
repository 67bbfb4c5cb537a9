import type { PodState } from '@podstate/core';
import type { LoadedViews } from '../../engine/loadAt.js';

const key = (p: PodState) => `${p.ctx.namespace}/${p.ctx.name}`;

/** The live Pods of `namespace` (every namespace when undefined), sorted as the API lists them. */
export function podsInView(views: LoadedViews, namespace?: string): PodState[] {
  return [...views.engine.pods.values()]
    .filter((p) => namespace === undefined || p.ctx.namespace === namespace)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
