import { normalizeImageRef } from '../engine/imageRef.js';
import type { Container, Pod } from '../manifest/types.js';
import {
  type ClusterModel,
  createClusterModel,
  foldCluster,
  isRunning,
  removes,
  runChecker,
  type StepChecker,
  slotNamed,
  type Violation,
} from './invariantModel.js';
import { CHECK_DISAGREED, type Trace, type TraceStep } from './trace.js';

type Checker = (trace: Trace) => Violation[];

/** A step checker over the cluster model (rebuilt from the trace's cluster events) and one memo per live Pod. */
abstract class ClusterChecker implements StepChecker {
  protected readonly cluster: ClusterModel = createClusterModel();
  protected readonly bound = new Map<string, string>();
  get pods(): number {
    return this.bound.size;
  }
  step(s: TraceStep, i: number, out: Violation[]): void {
    if (s.ok && s.uid !== undefined) this.check(s, s.uid, i, out);
    foldCluster(this.cluster, s);
    if (s.uid !== undefined && removes(s)) this.bound.delete(s.uid);
  }
  /** Checks one accepted Pod step against the cluster as it was just before it. */
  protected abstract check(s: TraceStep, uid: string, i: number, out: Violation[]): void;
}

/** I9, fed step by step: see {@link checkI9}. */
export class I9Checker extends ClusterChecker {
  protected check(s: TraceStep, uid: string, i: number, out: Violation[]): void {
    const bad = (message: string) => out.push({ invariant: 'I9', step: i, message });
    if (s.event.type === 'pod.scheduled') {
      const name = s.event.data.node as string;
      const spec = s.after!.ctx.pod.spec;
      const node = this.cluster.nodes.get(name);
      if (node === undefined && this.cluster.registered > 0) bad(`bound to unregistered node "${name}"`);
      if (node?.lost) bad(`bound to lost node "${name}"`);
      if (spec.nodeName !== undefined && spec.nodeName !== name)
        bad(`bound to "${name}" but spec.nodeName is "${spec.nodeName}"`);
      const labels = node?.labels ?? { 'kubernetes.io/hostname': name };
      for (const [k, v] of Object.entries(spec.nodeSelector ?? {}))
        if (labels[k] !== v) bad(`bound to "${name}" without label ${k}=${v}`);
      this.bound.set(uid, name);
    }
    if (
      s.event.type === 'container.started' &&
      (this.bound.get(uid) === undefined || this.bound.get(uid) !== s.after?.ctx.node)
    ) {
      bad(`"${s.event.data.container}" started on a Pod not bound to a node`);
    }
  }
}

/** I9: a Pod binds only to a node matching nodeName / nodeSelector, and containers run only on a bound Pod. */
export const checkI9: Checker = (trace) => runChecker(new I9Checker(), trace.steps);

/** I10, fed step by step: see {@link checkI10}. */
export class I10Checker extends ClusterChecker {
  protected check(s: TraceStep, _uid: string, i: number, out: Violation[]): void {
    if (s.event.type !== 'container.started') return;
    const slot = slotNamed(s.after, s.event.data.container)!;
    if (slot.ctx.pullPolicy !== 'Never') return;
    const images = this.cluster.nodes.get(s.after!.ctx.node ?? '')?.images;
    if (!images?.has(normalizeImageRef(slot.ctx.image))) {
      out.push({
        invariant: 'I10',
        step: i,
        message: `"${slot.ctx.name}" (imagePullPolicy Never) started without "${slot.ctx.image}" on its node`,
      });
    }
  }
}

/** I10: imagePullPolicy Never with the image absent from the node: the container never starts. */
export const checkI10: Checker = (trace) => runChecker(new I10Checker(), trace.steps);

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

/** I11, fed step by step: see {@link checkI11}. */
export class I11Checker extends ClusterChecker {
  protected check(s: TraceStep, _uid: string, i: number, out: Violation[]): void {
    if (s.event.type !== 'container.started') return;
    const slot = slotNamed(s.after, s.event.data.container)!;
    const ns = s.after!.ctx.namespace;
    for (const [ref, keys] of needs(s.after!.ctx.pod, slot.ctx.spec)) {
      const [kind, name] = ref.split('/');
      const have = this.cluster.objects.get(`${kind}/${ns}/${name}`);
      const missing = have === undefined ? ref : keys.find((k) => !have.has(k));
      if (missing !== undefined)
        out.push({
          invariant: 'I11',
          step: i,
          message: `"${slot.ctx.name}" started while ${ref} lacks ${missing}`,
        });
    }
  }
}

/** I11: a container whose env or volumes need a missing, non-optional Secret/ConfigMap never starts. */
export const checkI11: Checker = (trace) => runChecker(new I11Checker(), trace.steps);

/** I13, fed step by step (it keeps no memory): see {@link checkI13}. */
export class I13Checker implements StepChecker {
  readonly pods = 0;
  step(s: TraceStep, i: number, out: Violation[]): void {
    if (s.ok) return;
    if (s.stateBefore === CHECK_DISAGREED)
      out.push({
        invariant: 'I13',
        step: i,
        message: `check() accepted ${s.event.type} but apply() refused it`,
      });
    else if (s.stateBefore !== s.stateAfter)
      out.push({ invariant: 'I13', step: i, message: `rejected ${s.event.type} changed the engine state` });
  }
}

/** I13: a rejected event changes nothing. */
export const checkI13: Checker = (trace) => runChecker(new I13Checker(), trace.steps);

/** I14, fed step by step (it reads each step's state before, and keeps no memory): see {@link checkI14}. */
export class I14Checker implements StepChecker {
  readonly pods = 0;
  step(s: TraceStep, i: number, out: Violation[]): void {
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
  }
}

/**
 * I14: graceful deletion: a preStop hook never completes after its container exited (the process
 * may exit while the hook runs: executePreStopHook abandons it), app containers before sidecars
 * (reverse order), terminal phase before removal, no restarts.
 */
export const checkI14: Checker = (trace) => runChecker(new I14Checker(), trace.steps);
