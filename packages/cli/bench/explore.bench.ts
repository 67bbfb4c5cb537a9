// Exploration benchmark (issue 6 item 3): generated lifecycles per second for the built-in set,
// every invariant checked on each, as `podstate explore` runs them (target ≥ 1,000/s). A second
// line splits one lifecycle's cost into generation and each checker, to show where time goes.
// `--json` prints one JSON object a line.

import { invariantCheckers } from '@podstate/core/invariants';
import fc from 'fast-check';
import { report } from '../../core/bench/report.js';
import { checkersFor, explore, explorePlanArbitrary } from '../src/commands/explore/explore.js';
import { generateLifecycle } from '../src/commands/explore/generateLifecycle.js';
import { builtInInput } from '../src/commands/explore/readExploreInputs.js';

const RUNS = Number(process.env.PODSTATE_BENCH_LIFECYCLES ?? 5000);
const SEED = Number(process.env.PODSTATE_SEED ?? 20260101);
const MAX_EVENTS = 120;
const TARGET = 1000;

const input = builtInInput();
// Warm the JIT on other lifecycles first, so the figure is the steady state a long exploration sees.
explore(input, { runs: 300, seed: SEED + 1, maxEvents: MAX_EVENTS });
const cpu = process.cpuUsage();
const r = explore(input, { runs: RUNS, seed: SEED, maxEvents: MAX_EVENTS });
const used = process.cpuUsage(cpu);
// On a shared machine wall time undercounts; CPU time says what one idle core would do.
const cpuSeconds = (used.user + used.system) / 1e6;
if (r.counterexample)
  throw new Error(`explore bench: seed ${SEED} found a violation: ${r.counterexample.violation.message}`);
report({
  name: 'explore',
  lifecycles: r.lifecycles,
  events: r.events,
  seconds: r.seconds,
  lifecyclesPerSecond: r.lifecycles / r.seconds,
  eventsPerSecond: r.events / r.seconds,
  eventsPerLifecycle: r.events / r.lifecycles,
  cpuSeconds,
  lifecyclesPerCpuSecond: r.lifecycles / cpuSeconds,
  target: TARGET,
  seed: SEED,
});

// Where one lifecycle's time goes: the same plans, generation alone, then each checker alone.
const plans = fc.sample(explorePlanArbitrary(input, MAX_EVENTS), {
  seed: SEED,
  numRuns: Math.min(RUNS, 2000),
});
let t = performance.now();
const lifecycles = plans.map((p) => generateLifecycle(input, p));
const breakdown: Record<string, unknown> = { name: 'explore-breakdown', lifecycles: plans.length };
breakdown.generateMicros = ((performance.now() - t) * 1000) / plans.length;
const names = Object.keys(invariantCheckers);
checkersFor().forEach((check, i) => {
  t = performance.now();
  for (const lc of lifecycles) check(lc.trace);
  breakdown[`${names[i]}Micros`] = ((performance.now() - t) * 1000) / plans.length;
});
report(breakdown);
