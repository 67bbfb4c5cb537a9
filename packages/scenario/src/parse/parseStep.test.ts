import { loadDocuments } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parseScenario.js';

const header = 'apiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: demo}\nspec:\n  steps:\n';
const errorOf = (step: string): string => {
  try {
    parseScenario(loadDocuments(`${header}    - ${step}\n`, 'demo.yaml')[0]!);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${step} to be refused`);
};

describe('scenario event steps are checked against the event catalogue, like append and the engine', () => {
  it.each([
    [
      '{event: container.exited, container: app, exitcode: 1}',
      'demo.yaml:6: spec.steps[0].exitcode: container.exited: unknown field (did you mean "exitCode"?)',
    ],
    [
      '{event: container.exited, container: app, exitCode: "one"}',
      'demo.yaml:6: spec.steps[0].exitCode: container.exited: must be an integer, got "one"',
    ],
    [
      '{event: container.exited, container: app, exitCode: 1.5}',
      'spec.steps[0].exitCode: container.exited: must be an integer, got 1.5',
    ],
    [
      '{event: container.exited, container: app, exitCode: 1, signal: lots}',
      'spec.steps[0].signal: container.exited: must be an integer, got "lots"',
    ],
    [
      '{event: container.exited, container: app}',
      'spec.steps[0].exitCode: container.exited: required: give an integer',
    ],
    [
      '{event: pod.sandbox.ready, podIP: [1, 2]}',
      'spec.steps[0].podIP: pod.sandbox.ready: must be a string, got the list [1,2]',
    ],
    [
      '{event: pod.sandbox.ready, podIP: 999.1.1.1}',
      'pod.sandbox.ready: Invalid value: "999.1.1.1": must be a valid IP address',
    ],
    [
      '{event: container.strated, container: app}',
      'unknown event type "container.strated". Did you mean "container.started"?',
    ],
    ['{event: pod.scheduled, node: Node_1}', 'spec.steps[0].node: pod.scheduled: Invalid value: "Node_1"'],
    [
      '{event: container.probe.failed, container: app, probe: ready}',
      'must be one of startup, readiness, liveness, got "ready"',
    ],
  ])('%s is refused with file, line and field', (step, message) => {
    expect(errorOf(step)).toContain(message);
  });

  it('a wrong type is named as a wrong type, not as "required"', () => {
    expect(errorOf('{event: container.exited, container: app, exitCode: "1"}')).not.toContain('required');
  });

  it('a prototype-named key is an unknown field, never a prototype', () => {
    expect(errorOf('{event: container.started, container: app, __proto__: {x: 1}}')).toContain(
      'spec.steps[0].__proto__: container.started: unknown field',
    );
    expect(errorOf('{event: container.started, container: app, constructor: 1}')).toContain(
      'spec.steps[0].constructor: container.started: unknown field',
    );
  });
});
