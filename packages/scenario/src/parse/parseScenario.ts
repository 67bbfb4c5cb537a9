import type { LoadedDocument } from '@podstate/core';
import { checkKeys, isMapping, readBoolean, readEnum, readMapping, readString } from './fieldReaders.js';
import { parseStep } from './parseStep.js';
import { ScenarioProblems } from './ScenarioProblems.js';
import type { NodeLostProfile, Scenario, ScenarioStep } from './types.js';

/** The apiVersion of podstate's own documents. */
export const SCENARIO_API_VERSION = 'podstate.dev/v1alpha1';
const PROFILES: readonly NodeLostProfile[] = ['current', 'legacy'];

/** True for a document of `kind: Scenario` (any podstate.dev apiVersion; parseScenario checks which). */
export function isScenarioDocument(doc: LoadedDocument): boolean {
  return isMapping(doc.object) && doc.object.kind === 'Scenario';
}

/**
 * Turns a loaded `kind: Scenario` document into a typed Scenario with defaults applied
 * (`auto: true`, `profile: current`, a step without timing happens `after: 0s`). Throws
 * PodstateError('bad_input') listing every problem as `file:line: field.path: what to do`.
 * @example const scenario = parseScenario(loadDocuments(text, 'crashloop.yaml').find(isScenarioDocument)!);
 */
export function parseScenario(doc: LoadedDocument): Scenario {
  const p = new ScenarioProblems(doc);
  const root = readMapping(p, [], doc.object, 'apiVersion: podstate.dev/v1alpha1, kind: Scenario');
  if (!root) return p.throwIfAny() as never;
  checkKeys(p, [], root, ['apiVersion', 'kind', 'metadata', 'spec'], 'Scenario');
  if (root.apiVersion !== SCENARIO_API_VERSION) {
    p.add(
      ['apiVersion'],
      `${JSON.stringify(root.apiVersion)} is not supported; write apiVersion: ${SCENARIO_API_VERSION}`,
    );
  }
  if (root.kind !== 'Scenario') p.add(['kind'], `expected kind: Scenario, got ${JSON.stringify(root.kind)}`);
  const scenario: Scenario = { auto: true, profile: 'current', steps: [], file: doc.file, line: doc.line };
  if (root.metadata !== undefined) {
    const meta = readMapping(p, ['metadata'], root.metadata, '{name: crashloop}');
    if (meta) {
      checkKeys(p, ['metadata'], meta, ['name', 'labels', 'annotations'], 'metadata');
      if (meta.name !== undefined) {
        const name = readString(p, ['metadata', 'name'], meta.name);
        if (name !== undefined) scenario.name = name;
      }
    }
  }
  const spec = root.spec === undefined ? {} : readMapping(p, ['spec'], root.spec, '{steps: [...]}');
  if (spec) {
    checkKeys(p, ['spec'], spec, ['pod', 'auto', 'profile', 'invariants', 'steps'], 'spec');
    if (spec.pod !== undefined) {
      const pod = readString(p, ['spec', 'pod'], spec.pod);
      if (pod !== undefined) scenario.pod = pod;
    }
    if (spec.auto !== undefined) scenario.auto = readBoolean(p, ['spec', 'auto'], spec.auto) ?? true;
    if (spec.invariants !== undefined)
      scenario.invariants = readBoolean(p, ['spec', 'invariants'], spec.invariants) ?? false;
    if (spec.profile !== undefined)
      scenario.profile = readEnum(p, ['spec', 'profile'], spec.profile, PROFILES) ?? 'current';
    if (spec.steps !== undefined && spec.steps !== null) {
      if (!Array.isArray(spec.steps))
        p.add(['spec', 'steps'], 'must be a list of steps, each starting with "- "');
      else
        spec.steps.forEach((raw, i) => {
          const step: ScenarioStep | undefined = parseStep(p, ['spec', 'steps', i], raw);
          if (step) scenario.steps.push(step);
        });
    }
  }
  p.throwIfAny();
  return scenario;
}
