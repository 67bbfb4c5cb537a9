import type { Pod, Toleration } from './types.js';

/** The taints the node lifecycle controller puts on a node that is not ready or unreachable. @internal */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** @internal */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. @internal */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Whether a toleration covers the NoExecute taint `key` (an empty key or effect matches all). @internal */
export function toleratesNoExecute(t: Toleration, key: string): boolean {
  return (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);
}

/**
 * The DefaultTolerationSeconds admission plugin
 * (plugin/pkg/admission/defaulttolerationseconds/admission.go Admit): every Pod that does not
 * already tolerate `not-ready:NoExecute` / `unreachable:NoExecute` gets a toleration of each for
 * 300 s, which is how long it stays on a lost node before the taint manager evicts it. Pure.
 */
export function admitDefaultTolerations(pod: Pod): Pod {
  const out = structuredClone(pod);
  defaultTolerationsAdmission(out);
  return out;
}

/** The DefaultTolerationSeconds admission of {@link admitDefaultTolerations} as a recipe: mutates `pod` in place. @internal */
export function defaultTolerationsAdmission(pod: Pod): void {
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if ((pod.spec.tolerations ?? []).some((t) => toleratesNoExecute(t, key))) continue;
    pod.spec.tolerations ??= [];
    pod.spec.tolerations.push({
      key,
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
    });
  }
}
