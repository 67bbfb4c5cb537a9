import {
  type KubeObject,
  type LoadedDocument,
  loadDocuments,
  PodstateError,
  toObjects,
} from '@podstate/core';
import { assertValid, podWarnings } from '@podstate/core/internal';
import { isScenarioDocument, parseScenario, type Scenario } from '../parse/index.js';

/** What `podstate run` read from its files: Kubernetes objects in order, and the Scenario if any. */
export interface RunInputs {
  objects: { doc: LoadedDocument; object: KubeObject }[];
  scenario?: Scenario;
  /** What the API server (or kubectl) would print as `Warning: …` for these objects, with file and line. */
  warnings: string[];
}

/** Parses and validates every file; throws bad_input naming file, line and field. */
export function readRunInputs(files: { name: string; text: string }[]): RunInputs {
  const objects: RunInputs['objects'] = [];
  let scenario: Scenario | undefined;
  const warnings: string[] = [];
  for (const f of files) {
    const parsed = toObjects(loadDocuments(f.text, f.name));
    for (const o of parsed.objects) {
      assertValid(o.object, o.doc);
      if (o.object.kind === 'Pod')
        for (const w of podWarnings(o.object)) warnings.push(`${o.doc.file}:${o.doc.line}: ${w}`);
      objects.push(o);
    }
    for (const doc of parsed.other) {
      if (!isScenarioDocument(doc)) {
        const kind = (doc.object as { kind?: unknown }).kind;
        throw new PodstateError(
          'bad_input',
          `${doc.file}:${doc.line}: unknown kind ${JSON.stringify(kind)} in podstate.dev/v1alpha1: only kind: Scenario exists`,
        );
      }
      if (scenario !== undefined) {
        throw new PodstateError(
          'bad_input',
          `${doc.file}:${doc.line}: a second Scenario document; give one Scenario per run (the first is at ${scenario.file}:${scenario.line})`,
        );
      }
      scenario = parseScenario(doc);
    }
  }
  const pods = objects.filter((o) => o.object.kind === 'Pod');
  if (pods.length === 0) {
    throw new PodstateError(
      'bad_input',
      `no Pod in ${files.map((f) => f.name).join(', ')}: podstate run needs at least one Pod manifest`,
    );
  }
  return { objects, scenario, warnings };
}
