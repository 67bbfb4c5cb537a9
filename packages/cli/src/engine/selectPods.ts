import type { Engine, PodState } from '@podstate/core';
import { nearest, PodstateError } from '@podstate/core/views';
import { type Requirement, selectorMatches } from '@podstate/projections/views';

/** How a command names Pods: kubectl's `NAME…`, `-n`, `-A` and `-l`. */
export interface PodQuery {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: { text: string; requirements: Requirement[] };
}

const key = (p: PodState) => `${p.ctx.namespace}/${p.ctx.name}`;
const byKey = (a: PodState, b: PodState) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const labelsOf = (p: PodState) => p.ctx.pod.metadata.labels as Record<string, string> | undefined;

/** The namespace a query reads (kubectl: -n, else default). */
export const namespaceOf = (q: PodQuery) => q.namespace ?? 'default';

/** "in default namespace" / "" (every namespace), as kubectl's "No resources found" says it. */
export const whereOf = (q: PodQuery) => (q.allNamespaces ? '' : ` in ${namespaceOf(q)} namespace`);

/** The live Pods the query lists (every Pod of the namespace, or of all with -A, matching -l), sorted as the API lists them. */
export function listPods(engine: Engine, q: PodQuery): PodState[] {
  const ns = namespaceOf(q);
  return [...engine.pods.values()]
    .filter((p) => q.allNamespaces || p.ctx.namespace === ns)
    .filter((p) => q.selector === undefined || selectorMatches(q.selector.requirements, labelsOf(p)))
    .sort(byKey);
}

/**
 * One Pod by name: `name` in the query's namespace, or `namespace/name`; with -A, the only Pod of
 * that name in any namespace. Not found is bad input naming where it looked and what is there.
 */
export function findPod(engine: Engine, name: string, q: PodQuery = {}): PodState {
  if (q.allNamespaces && !name.includes('/')) {
    const found = [...engine.pods.values()].filter((p) => p.ctx.name === name).sort(byKey);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new PodstateError(
        'bad_input',
        `Pod "${name}" exists in several namespaces (${found.map((p) => p.ctx.namespace).join(', ')}): name one with -n <namespace>`,
      );
    }
  } else {
    const p = engine.podByName(name, namespaceOf(q));
    if (p !== undefined) return p;
  }
  throw notFound(engine, name, q);
}

/** The error for a Pod name that is not there, with the most useful hint. */
export function notFound(engine: Engine, name: string, q: PodQuery): PodstateError {
  const [ns, bare] = name.includes('/') ? (name.split('/', 2) as [string, string]) : [namespaceOf(q), name];
  const where = q.allNamespaces && !name.includes('/') ? 'in any namespace' : `in namespace ${ns}`;
  const elsewhere = [...engine.pods.values()].filter((p) => p.ctx.name === bare).sort(byKey);
  let hint: string;
  if (elsewhere.length > 0) {
    const other = elsewhere.map((p) => p.ctx.namespace);
    hint = ` A Pod "${bare}" exists in namespace ${other.join(', ')}: add -n ${other[0]}.`;
  } else {
    const here = [...engine.pods.values()].filter((p) => q.allNamespaces || p.ctx.namespace === ns);
    const guess = nearest(
      bare,
      here.map((p) => p.ctx.name),
    );
    hint = guess
      ? ` Did you mean "${guess}"?`
      : here.length > 0
        ? ` Pods: ${here.map((p) => p.ctx.name).join(', ')}`
        : engine.pods.size > 0
          ? ` Pods in other namespaces: ${[...engine.pods.values()].sort(byKey).map(key).join(', ')} (use -n or -A).`
          : ' The log has no Pods.';
  }
  return new PodstateError('bad_input', `no Pod named "${bare}" ${where}.${hint}`);
}

/** kubectl refuses names with -A for get ("a resource cannot be retrieved by name across all namespaces") and names with -l. */
export function checkNamesWithQuery(names: readonly string[], q: PodQuery, command: string): void {
  if (names.length === 0) return;
  if (q.selector !== undefined) {
    throw new PodstateError(
      'bad_input',
      `${command}: selectors cannot be used when passing Pod names: drop -l or the names`,
    );
  }
}
