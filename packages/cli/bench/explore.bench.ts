// Exploration benchmark (issue 14 item 6, issue 17 item 4): generated lifecycles per CPU-second for
// the built-in set, every invariant checked on each, as `podstate explore` runs them (target
// ≥ 10,000/CPU-s). `explore-floor` is two engines applying the same lifecycles' events and
// nothing else (the generator's pass and I1's replay), the bound for any explore that checks I1,
// with explore's ratio to it. A further line splits one lifecycle's cost into generation and each checker, to
// show where time goes. A third runs `explore --runs 10000` from a seed that changes every day
// (printed; PODSTATE_EXPLORE_SEED fixes it) and reports any counterexample found, so benchmark
// runs keep exploring new lifecycles. `--json` prints one JSON object a line.

import { createEngine } from '@podstate/core';
import { invariantCheckers } from '@podstate/core/invariants';
import fc from 'fast-check';
import { report } from '../../core/bench/report.js';
import { checkersFor, explore, explorePlanArbitrary } from '../src/commands/explore/explore.js';
import { generateLifecycle } from '../src/commands/explore/generateLifecycle.js';
import { builtInInput } from '../src/commands/explore/readExploreInputs.js';

const RUNS = Number(process.env.PODSTATE_BENCH_LIFECYCLES ?? 2000);
const SEED = Number(process.env.PODSTATE_SEED ?? 20260101);
const MAX_EVENTS = 120;
const TARGET = 10_000;

const input = builtInInput();
// Warm the JIT on other lifecycles first, so the figure is the steady state a long exploration sees.
// 300 lifecycles were not enough: the next 2,000 then cost ~1.6x the steady state's CPU, a third of
// it in V8's helper threads (optimising compiles) — see docs/decisions.md "explore, session 9".
const WARMUP = Number(process.env.PODSTATE_BENCH_WARMUP ?? 4000);
const cpuWarm = process.cpuUsage();
explore(input, { runs: WARMUP, seed: SEED + 1, maxEvents: MAX_EVENTS });
const usedWarm = process.cpuUsage(cpuWarm);
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
  // Lifecycles differ in length from one generator to the next: events per CPU-second compares them.
  eventsPerCpuSecond: r.events / cpuSeconds,
  target: TARGET,
  seed: SEED,
  // The warm-up (other lifecycles, from a cold process): what a short exploration pays on top.
  warmupLifecycles: WARMUP,
  warmupLifecyclesPerCpuSecond: WARMUP / ((usedWarm.user + usedWarm.system) / 1e6),
});

// Where one lifecycle's time goes: the same plans, generation alone, then each checker alone.
const plans = fc.sample(explorePlanArbitrary(input, MAX_EVENTS), {
  seed: SEED,
  numRuns: Math.min(RUNS, 1000),
});
let t = performance.now();
const lifecycles = plans.map((p) => generateLifecycle(input, p));
const generateMicros = ((performance.now() - t) * 1000) / plans.length;

// The floor under any explore that checks I1: each lifecycle's events applied by two fresh engines
// (the generator's and I1's replay), nothing asked, nothing checked. Same plans, same process.
const applyTwice = () => {
  for (const lc of lifecycles)
    for (let k = 0; k < 2; k++) {
      const e = createEngine({ profile: lc.profile, trusted: true });
      for (const ev of lc.events) e.apply(ev);
    }
};
applyTwice();
const cpuFloor = process.cpuUsage();
for (let k = 0; k < 3; k++) applyTwice();
const usedFloor = process.cpuUsage(cpuFloor);
const floorPerCpuSecond = (3 * lifecycles.length) / ((usedFloor.user + usedFloor.system) / 1e6);
report({
  name: 'explore-floor',
  lifecycles: lifecycles.length,
  eventsPerLifecycle: lifecycles.reduce((n, lc) => n + lc.events.length, 0) / lifecycles.length,
  lifecyclesPerCpuSecond: floorPerCpuSecond,
  exploreRatio: r.lifecycles / cpuSeconds / floorPerCpuSecond,
});
const breakdown: Record<string, unknown> = { name: 'explore-breakdown', lifecycles: plans.length };
breakdown.generateMicros = generateMicros;
const names = [...Object.keys(invariantCheckers), 'projected'];
checkersFor().forEach((check, i) => {
  t = performance.now();
  for (const lc of lifecycles) check(lc.trace);
  breakdown[`${names[i]}Micros`] = ((performance.now() - t) * 1000) / plans.length;
});
report(breakdown);

// explore --runs 10000 over a rotating seed (one per day unless PODSTATE_EXPLORE_SEED is set).
const ROTATING = Number(process.env.PODSTATE_EXPLORE_SEED ?? Math.floor(Date.now() / 86_400_000) % 2 ** 31);
const cpu10k = process.cpuUsage();
const big = explore(input, { runs: 10_000, seed: ROTATING, maxEvents: MAX_EVENTS });
const used10k = process.cpuUsage(cpu10k);
const cpu10kSeconds = (used10k.user + used10k.system) / 1e6;
const ce = big.counterexample;
report({
  name: 'explore-10000',
  seed: ROTATING,
  lifecycles: big.lifecycles,
  events: big.events,
  cpuSeconds: cpu10kSeconds,
  lifecyclesPerCpuSecond: big.lifecycles / cpu10kSeconds,
  eventsPerCpuSecond: big.events / cpu10kSeconds,
  violation: ce ? `${ce.violation.invariant}: ${ce.violation.message}` : null,
  counterexampleSteps: ce ? ce.lifecycle.events.length - ce.lifecycle.setup : null,
  replay: ce ? `podstate explore --seed ${ROTATING} --runs 10000` : null,
});
