import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type ConfigMap,
  type KubeObject,
  loadDocuments,
  type Node,
  type Pod,
  PodstateError,
  type Secret,
  toObjects,
} from '@podstate/core';
import { assertValid } from '@podstate/core/internal';
import { builtInManifests } from '@podstate/core/testing';
import { isScenarioDocument } from '@podstate/scenario';

/** What explore generates lifecycles for: the Pods, and the cluster objects around them. */
export interface ExploreInput {
  pods: Pod[];
  /** Nodes, Secrets (values redacted) and ConfigMaps, in file order. */
  cluster: (Node | Secret | ConfigMap)[];
  /** `built-in` or the file names, for the summary. */
  source: string;
}

/** The value every Secret key gets: explore never carries a real Secret value into a counterexample. */
export const REDACTED = Buffer.from('redacted').toString('base64');

/** The cluster of the built-in set: an `ssd` node holding the images the manifests pre-pull, and a plain one. */
export function builtInInput(): ExploreInput {
  const node = (name: string, labels: Record<string, string>, images: string[]): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { images: images.map((i) => ({ names: [i] })) },
  });
  return {
    pods: Object.values(builtInManifests) as Pod[],
    cluster: [node('node-1', { disktype: 'ssd' }, ['busybox:1.36', 'envoy:1.30']), node('node-2', {}, [])],
    source: 'the built-in set',
  };
}

function redact(s: Secret): Secret {
  const keys = [...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})];
  const { stringData: _drop, ...rest } = s;
  return { ...rest, data: Object.fromEntries(keys.map((k) => [k, REDACTED])) };
}

/**
 * Reads and validates manifest files as `podstate run` does; Scenario documents are skipped
 * (explore writes its own steps). Relative names resolve against `cwd`. Throws bad_input naming the file, line and field.
 */
export function readExploreInputs(names: readonly string[], cwd: string): ExploreInput {
  const pods: Pod[] = [];
  const cluster: ExploreInput['cluster'] = [];
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, name), 'utf8');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new PodstateError('bad_input', `cannot read ${name}: ${why}; give manifest files that exist`);
    }
    const parsed = toObjects(loadDocuments(text, name));
    for (const { object, doc } of parsed.objects) {
      assertValid(object, doc);
      add(object);
    }
    for (const doc of parsed.other) {
      if (!isScenarioDocument(doc)) {
        const kind = (doc.object as { kind?: unknown }).kind;
        throw new PodstateError(
          'bad_input',
          `${doc.file}:${doc.line}: unknown kind ${JSON.stringify(kind)} in podstate.dev/v1alpha1: only kind: Scenario exists`,
        );
      }
    }
  }
  function add(o: KubeObject): void {
    if (o.kind === 'Pod') pods.push(o);
    else cluster.push(o.kind === 'Secret' ? redact(o) : o);
  }
  if (pods.length === 0) {
    throw new PodstateError(
      'bad_input',
      `no Pod in ${names.join(', ')}: podstate explore generates lifecycles for Pods; add a Pod manifest, or give no files to explore the built-in set`,
    );
  }
  return { pods, cluster, source: names.join(', ') };
}
