import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIO_EPOCH } from '@podstate/scenario';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { createMemoryIO } from '../../memoryIO.js';
import { explorePlanArbitrary } from './explore.js';
import { generateLifecycle } from './generateLifecycle.js';
import { observedState } from './observedState.js';
import { builtInInput } from './readExploreInputs.js';
import { SCENARIO_START } from './scenarioStart.js';
import { toCounterexampleYaml } from './toCounterexampleYaml.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20260101);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 40);

/** The facts a log holds, as comparable values. */
const facts = (events: { stream: string; type: string; time: string; data: unknown }[]) =>
  events.map((e) => JSON.stringify({ stream: e.stream, type: e.type, time: e.time, data: e.data }));

describe('counterexample files replay with podstate run', () => {
  it('explore starts its lifecycles where run starts a fresh log', () => {
    expect(SCENARIO_START).toBe(SCENARIO_EPOCH);
  });

  it('any generated lifecycle, written as a Scenario, replays to exactly its accepted facts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podstate-explore-'));
    const input = builtInInput();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(explorePlanArbitrary(input, 60), async (plan) => {
        const lc = generateLifecycle(input, plan);
        // Any step can stand in for "the violation": the file's shape does not depend on which.
        const last = lc.events.length - 1;
        const violation = { invariant: 'test', step: last, message: 'the last step' };
        const text = toCounterexampleYaml(
          {
            lifecycle: lc,
            violation,
            violations: [violation],
            foundAt: 1,
            originalEvents: last + 1,
            shrinks: 0,
          },
          { seed: n, command: 'test', expect: observedState(lc), expectNote: 'the state at the end' },
        );
        const file = join(dir, `ce-${n}.yaml`);
        const log = join(dir, `ce-${n++}.jsonl`);
        writeFileSync(file, text);
        const io = createMemoryIO({ cwd: dir });
        const code = await runCli(['run', file, '--log', log], io);
        expect(io.err(), text).toBe('');
        expect(code).toBe(0);
        const written = readFileSync(log, 'utf8')
          .trimEnd()
          .split('\n')
          .slice(1) // the head marker
          .map((l) => JSON.parse(l));
        const accepted = lc.events.filter((_, i) => lc.trace.steps[i]!.ok);
        // The final expect may let the clock catch up with a refused last event: nothing else.
        const extra = written.slice(accepted.length);
        expect(extra.every((e) => e.type === 'clock.advanced')).toBe(true);
        expect(facts(written.slice(0, accepted.length))).toEqual(facts(accepted));
      }),
      { seed, numRuns },
    );
  });
});
