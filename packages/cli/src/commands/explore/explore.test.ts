import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCanary } from './canary.js';
import { checkersFor, checkPlan, explore, explorePlanArbitrary } from './explore.js';
import { generateLifecycle } from './generateLifecycle.js';
import { builtInInput } from './readExploreInputs.js';
import { toCounterexampleYaml } from './toCounterexampleYaml.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20260101);
const runs = Number(process.env.PODSTATE_RUNS ?? 200);
const input = builtInInput();

describe('explore', () => {
  it('finds no violation of I1-I11, I13, I14 in the built-in set', () => {
    const r = explore(input, { runs, seed, maxEvents: 120 });
    expect(r.counterexample?.violations, `seed ${seed}`).toBeUndefined();
    expect(r.lifecycles).toBe(runs);
    expect(r.events).toBeGreaterThan(runs * 3);
  });

  it('the same seed gives the same lifecycles, counts and counterexample', () => {
    const canary = parseCanary('restarts:2');
    const a = explore(input, { runs: 300, seed, maxEvents: 120, canary });
    const b = explore(input, { runs: 300, seed, maxEvents: 120, canary });
    expect([a.lifecycles, a.events]).toEqual([b.lifecycles, b.events]);
    expect(a.counterexample?.lifecycle.events).toEqual(b.counterexample?.lifecycle.events);
    const other = explore(input, { runs: 300, seed: seed + 1, maxEvents: 120, canary });
    expect(other.counterexample?.lifecycle.events).not.toEqual(a.counterexample?.lifecycle.events);
  });

  it('a canary violation is shrunk to a few events ending at the violating step', () => {
    const canary = parseCanary('restarts:3');
    const r = explore(input, { runs: 1000, seed, maxEvents: 120, canary });
    const ce = r.counterexample!;
    expect(ce.violation.invariant).toBe('canary restarts:3');
    expect(ce.violation.message).toMatch(/^container "[a-z-]+" has restarted 3 times$/);
    expect(ce.violation.step).toBe(ce.lifecycle.events.length - 1);
    // Three restarts need at least: schedule, sandbox, start, then exit + start three times.
    expect(ce.lifecycle.events.length - ce.lifecycle.setup).toBeLessThanOrEqual(20);
    expect(ce.lifecycle.events.length).toBeLessThan(ce.originalEvents);
    expect(ce.violations.filter((v) => !v.invariant.startsWith('canary'))).toEqual([]);
  });

  it('the one-pass check (checkPlan) finds what the batch checkers find on the kept trace', () => {
    const canary = parseCanary('restarts:2');
    const firstOfEach = (vs: { invariant: string; step: number }[]) => [
      ...new Map(vs.map((v) => [v.invariant, v])).values(),
    ];
    let caught = 0;
    for (const plan of fc.sample(explorePlanArbitrary(input, 120), { seed, numRuns: 60 })) {
      const streamed = checkPlan(input, plan, canary).violations;
      const trace = generateLifecycle(input, plan).trace;
      const batch = checkersFor(canary).flatMap((check) => check(trace));
      // checkPlan keeps the first violation of each invariant.
      expect(streamed).toEqual(firstOfEach(batch.reverse()).reverse());
      if (streamed.length > 0) caught++;
    }
    expect(caught).toBeGreaterThan(0); // the canary broke in some lifecycles: the comparison saw violations
  });

  it('--max-events bounds every lifecycle explored', () => {
    const r = explore(input, { runs: 100, seed, maxEvents: 5 });
    expect(r.events).toBeLessThanOrEqual(100 * (5 + 3));
  });
});

describe('canary restarts:N', () => {
  it('catches a hand-made restart at the step of the N-th restart, and only then', () => {
    const plain = input.pods.findIndex((p) => p.metadata.name === 'plain');
    // Natural facts (choice 0): schedule, sandbox, pull, start; choice 14 picks the first enabled
    // container fact, an exit (restartPolicy Always restarts it), then the natural restart.
    const lc = generateLifecycle(input, {
      pod: plain,
      profile: 'current',
      cacheNeverImages: false,
      choices: [0, 0, 0, 0],
    });
    expect(parseCanary('restarts:1').check(lc.trace)).toEqual([]);
    const canary = parseCanary('restarts:1');
    const crash = generateLifecycle(input, {
      pod: plain,
      profile: 'current',
      cacheNeverImages: false,
      choices: [0, 0, 0, 0, 14, 0],
    });
    const types = crash.events.slice(crash.setup).map((e) => `${e.type}${e.data.exitCode ?? ''}`);
    expect(types).toEqual([
      'pod.scheduled',
      'pod.sandbox.ready',
      'container.image.pulled',
      'container.started',
      'container.exited0',
      'container.started',
    ]);
    expect(canary.check(crash.trace)).toEqual([
      {
        invariant: 'canary restarts:1',
        step: crash.events.length - 1,
        message: 'container "app" has restarted 1 time',
      },
    ]);
    expect(canary.expectation(canary.check(crash.trace)[0]!, crash.trace)).toEqual({
      containers: { app: { restartCount: 0 } },
    });
  });

  it('parseCanary accepts restarts:<n ≥ 1> only, saying what is accepted', () => {
    expect(parseCanary('restarts:3').claim).toBe('no container restarts 3 times');
    for (const bad of ['restarts:0', 'restarts:', 'restart:3', 'restarts:x', 'restarts:-1'])
      expect(() => parseCanary(bad)).toThrow(/the one canary is restarts:<n> with n ≥ 1/);
  });
});

describe('toCounterexampleYaml', () => {
  it('quotes the strings Kubernetes would read as something else', () => {
    const lc = generateLifecycle(input, { pod: 0, profile: 'legacy', cacheNeverImages: false, choices: [] });
    const pod = lc.pod;
    const odd = {
      ...pod,
      metadata: { ...pod.metadata, labels: { a: 'yes', b: '0400', c: 'True', d: 'plain' } },
    };
    const text = toCounterexampleYaml(
      {
        lifecycle: { ...lc, objects: [...lc.objects.slice(0, -1), odd] },
        violation: { invariant: 'I2', step: 0, message: 'm' },
        violations: [],
        foundAt: 1,
        originalEvents: 3,
        shrinks: 0,
      },
      { seed: 1, command: 'podstate explore --seed 1', expect: { phase: 'Pending' }, expectNote: 'note' },
    );
    expect(text).toContain('a: "yes"\n');
    expect(text).toContain('b: "0400"\n');
    expect(text).toContain('c: "True"\n');
    expect(text).toContain('d: plain\n');
    expect(text).toContain('  profile: legacy\n');
    expect(text).toContain('    - {at: 0s, expect: {phase: Pending}}\n');
  });
});
