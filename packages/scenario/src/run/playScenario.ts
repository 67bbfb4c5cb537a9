import { createEngine, type Engine } from '@podstate/core';
import { StatusProjection } from '@podstate/projections';
import type { ConfigEvent } from './configEvents.js';
import { extraViews } from './extraViews.js';
import { readRunInputs } from './inputs.js';
import { type RunResult, runScenario, SCENARIO_EPOCH } from './runScenario.js';

/** A run on a fresh engine, with the engine and status fold it left (for further views). */
export interface PlayedScenario extends RunResult {
  engine: Engine;
  status: StatusProjection;
}

/**
 * Plays scenario files (Kubernetes objects and an optional Scenario document, as `podstate run`
 * reads them) on a fresh engine, without a log or the CLI: the way a test framework runs a
 * scenario. Bad files throw a PodstateError (file, line, field); a step that cannot run is
 * `result.error`, with the steps up to it in `result.steps`.
 *
 * @example
 * const r = playScenario([{ name: 'crashloop.yaml', text }]);
 * expect(r.failures).toEqual([]);
 * expect(r.steps.at(-1)?.pod).toMatchObject({ status: 'Running' });
 */
export function playScenario(files: { name: string; text: string }[]): PlayedScenario {
  const inputs = readRunInputs(files);
  const engine = createEngine();
  const status = new StatusProjection();
  const configEvents: ConfigEvent[] = [];
  const result = runScenario(
    engine,
    status,
    inputs,
    SCENARIO_EPOCH,
    (pod, now) => extraViews(engine, pod, configEvents, now),
    configEvents,
  );
  return { ...result, engine, status };
}
