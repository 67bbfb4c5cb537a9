import { normalizeImageRef } from '../engine/imageRef.js';
import type { Container, Pod } from '../manifest/types.js';
import {
  type ClusterModel,
  createClusterModel,
  foldCluster,
  isRunning,
  slotNamed,
  type Violation,
} from './invariantModel.js';
import { CHECK_DISAGREED, type Trace, type TraceStep } from './trace.js';

type Checker = (trace: Trace) => Violation[];

/** Runs `visit` on every accepted container.started with the cluster as it was just before. */
function eachStart(trace: Trace, visit: (s: TraceStep, i: number, m: ClusterModel) => void): void {
  const m = createClusterModel();
  trace.steps.forEach((s, i) => {
    if (s.ok && s.event.type === 'container.started') visit(s, i, m);
    foldCluster(m, s);
  });
}

/** I9: a Pod binds only to a node matching nodeName / nodeSelector, and containers run only on a bound Pod. */
export const checkI9: Checker = (trace) => {
  const out: Violation[] = [];
  const m = createClusterModel();
  const bound = new Map<string, string>();
  trace.steps.forEach((s, i) => {
    if (s.ok && s.uid !== undefined) {
      const bad = (message: string) => out.push({ invariant: 'I9', step: i, message });
      if (s.event.type === 'pod.scheduled') {
        const name = s.event.data.node as string;
        const spec = s.after!.ctx.pod.spec;
        const node = m.nodes.get(name);
        if (node === undefined && m.registered > 0) bad(`bound to unregistered node "${name}"`);
        if (node?.lost) bad(`bound to lost node "${name}"`);
        if (spec.nodeName !== undefined && spec.nodeName !== name)
          bad(`bound to "${name}" but spec.nodeName is "${spec.nodeName}"`);
        const labels = node?.labels ?? { 'kubernetes.io/hostname': name };
        for (const [k, v] of Object.entries(spec.nodeSelector ?? {}))
          if (labels[k] !== v) bad(`bound to "${name}" without label ${k}=${v}`);
        bound.set(s.uid, name);
      }
      if (
        s.event.type === 'container.started' &&
        (bound.get(s.uid) === undefined || bound.get(s.uid) !== s.after?.ctx.node)
      ) {
        bad(`"${s.event.data.container}" started on a Pod not bound to a node`);
      }
    }
    foldCluster(m, s);
  });
  return out;
};

/** I10: imagePullPolicy Never with the image absent from the node: the container never starts. */
export const checkI10: Checker = (trace) => {
  const out: Violation[] = [];
  eachStart(trace, (s, i, m) => {
    const slot = slotNamed(s.after, s.event.data.container)!;
    if (slot.ctx.pullPolicy !== 'Never') return;
    const images = m.nodes.get(s.after!.ctx.node ?? '')?.images;
    if (!images?.has(normalizeImageRef(slot.ctx.image))) {
      out.push({
        invariant: 'I10',
        step: i,
        message: `"${slot.ctx.name}" (imagePullPolicy Never) started without "${slot.ctx.image}" on its node`,
      });
    }
  });
  return out;
};

const PROVIDED = new Set(['configmap/kube-root-ca.crt']);

/** Every non-optional object (and key) a container needs: `kind/name` → keys. */
export function needs(pod: Pod, c: Container): [string, string[]][] {
  const out: [string, string[]][] = [];
  const add = (kind: string, name: string, keys: string[], optional?: boolean) => {
    if (!optional && !PROVIDED.has(`${kind}/${name}`)) out.push([`${kind}/${name}`, keys]);
  };
  for (const v of pod.spec.volumes ?? []) {
    if (v.secret)
      add(
        'secret',
        v.secret.secretName,
        (v.secret.items ?? []).map((x) => x.key),
        v.secret.optional,
      );
    if (v.configMap)
      add(
        'configmap',
        v.configMap.name,
        (v.configMap.items ?? []).map((x) => x.key),
        v.configMap.optional,
      );
    for (const p of v.projected?.sources ?? []) {
      if (p.secret)
        add(
          'secret',
          p.secret.name,
          (p.secret.items ?? []).map((x) => x.key),
          p.secret.optional,
        );
      if (p.configMap)
        add(
          'configmap',
          p.configMap.name,
          (p.configMap.items ?? []).map((x) => x.key),
          p.configMap.optional,
        );
    }
  }
  for (const f of c.envFrom ?? []) {
    if (f.secretRef) add('secret', f.secretRef.name, [], f.secretRef.optional);
    if (f.configMapRef) add('configmap', f.configMapRef.name, [], f.configMapRef.optional);
  }
  for (const e of c.env ?? []) {
    const s = e.valueFrom?.secretKeyRef;
    const k = e.valueFrom?.configMapKeyRef;
    if (s) add('secret', s.name, [s.key], s.optional);
    if (k) add('configmap', k.name, [k.key], k.optional);
  }
  return out;
}

/** I11: a container whose env or volumes need a missing, non-optional Secret/ConfigMap never starts. */
export const checkI11: Checker = (trace) => {
  const out: Violation[] = [];
  eachStart(trace, (s, i, m) => {
    const slot = slotNamed(s.after, s.event.data.container)!;
    const ns = s.after!.ctx.namespace;
    for (const [ref, keys] of needs(s.after!.ctx.pod, slot.ctx.spec)) {
      const [kind, name] = ref.split('/');
      const have = m.objects.get(`${kind}/${ns}/${name}`);
      const missing = have === undefined ? ref : keys.find((k) => !have.has(k));
      if (missing !== undefined)
        out.push({
          invariant: 'I11',
          step: i,
          message: `"${slot.ctx.name}" started while ${ref} lacks ${missing}`,
        });
    }
  });
  return out;
};

/** I13: a rejected event changes nothing. */
export const checkI13: Checker = (trace) =>
  trace.steps.flatMap((s, i) => {
    if (s.ok) return [];
    if (s.stateBefore === CHECK_DISAGREED)
      return [
        { invariant: 'I13', step: i, message: `check() accepted ${s.event.type} but apply() refused it` },
      ];
    return s.stateBefore === s.stateAfter
      ? []
      : [{ invariant: 'I13', step: i, message: `rejected ${s.event.type} changed the engine state` }];
  });

/**
 * I14: graceful deletion: a preStop hook never completes after its container exited (the process
 * may exit while the hook runs: executePreStopHook abandons it), app containers before sidecars
 * (reverse order), terminal phase before removal, no restarts.
 */
export const checkI14: Checker = (trace) => {
  const out: Violation[] = [];
  trace.steps.forEach((s, i) => {
    const del = s.before?.ctx.deletion;
    if (!s.ok || s.uid === undefined || s.before === undefined) return;
    const bad = (message: string) => out.push({ invariant: 'I14', step: i, message });
    const name = s.event.data.container as string;
    if (
      s.event.type === 'pod.removed' &&
      s.before.ctx.node !== undefined &&
      s.before.ctx.terminalPhase === undefined
    ) {
      bad('a bound Pod was removed before it reached Succeeded/Failed');
    }
    if (del === undefined) return;
    if (s.event.type === 'container.prestop.completed' && !isRunning(slotNamed(s.before, name)))
      bad(`the preStop hook of "${name}" completed after the container exited`);
    if (s.event.type === 'container.started') bad(`"${name}" started while the Pod terminates`);
    if (s.event.type !== 'container.exited') return;
    const slot = slotNamed(s.before, name)!;
    if (slot.ctx.role === 'sidecar' && isRunning(slot)) {
      const blockers = s.before.ctx.containers.filter(
        (o) =>
          isRunning(o) &&
          (o.ctx.role === 'app' || (o.ctx.role === 'sidecar' && o.ctx.index > slot.ctx.index)),
      );
      if (blockers.length > 0) bad(`sidecar "${name}" stopped while "${blockers[0]!.ctx.name}" still ran`);
    }
  });
  return out;
};
