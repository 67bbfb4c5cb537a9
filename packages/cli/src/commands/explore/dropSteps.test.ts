import { recordTrace } from '@podstate/core/invariants';
import { describe, expect, it } from 'vitest';
import { parseCanary } from './canary.js';
import { dropSteps } from './dropSteps.js';
import { generateLifecycle } from './generateLifecycle.js';
import { builtInInput } from './readExploreInputs.js';

const input = builtInInput();
const plain = input.pods.findIndex((p) => p.metadata.name === 'plain');
const canary = parseCanary('restarts:1');
const violationsOf = canary.check;
const steps = (lc: { events: { type: string }[]; setup: number }) =>
  lc.events.slice(lc.setup).map((e) => e.type);

describe('dropSteps (explore shrinks its counterexample on the events too)', () => {
  // Choices (driveLifecycle): 0 = the natural next fact, 7 = a clock advance (pick % 4: 1 s, 10 s,
  // 5 m, 11 m), 14 = the first enabled container fact (the app's exit).
  const padded = generateLifecycle(input, {
    pod: plain,
    profile: 'current',
    cacheNeverImages: false,
    choices: [0, 17, 0, 7, 0, 0, 27, 14, 17, 0],
  });

  it('drops the clock advances the violation does not need, keeping the violation at the last step', () => {
    expect(steps(padded)).toEqual([
      'pod.scheduled',
      'clock.advanced',
      'pod.sandbox.ready',
      'clock.advanced',
      'container.image.pulled',
      'container.started',
      'clock.advanced',
      'container.exited',
      'clock.advanced',
      'container.started',
    ]);
    const shrunk = dropSteps(padded, violationsOf);
    expect(steps(shrunk)).toEqual([
      'pod.scheduled',
      'pod.sandbox.ready',
      'container.image.pulled',
      'container.started',
      'container.exited',
      'container.started',
    ]);
    const [v] = violationsOf(shrunk.trace);
    expect(v).toMatchObject({ invariant: 'canary restarts:1', step: shrunk.events.length - 1 });
    // The trace is the shrunk events' own, and the events keep their times (still in order).
    expect(shrunk.trace).toEqual(recordTrace(shrunk.events, shrunk.profile));
    const times = shrunk.events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a counterexample it returns has no step that can go: each drop loses the violation', () => {
    const shrunk = dropSteps(padded, violationsOf);
    for (let i = shrunk.setup; i < shrunk.events.length; i++) {
      const without = [...shrunk.events.slice(0, i), ...shrunk.events.slice(i + 1)];
      expect(violationsOf(recordTrace(without, shrunk.profile)), `without step ${i}`).toEqual([]);
    }
  });

  it('leaves a lifecycle without a violation as it is', () => {
    const clean = generateLifecycle(input, {
      pod: plain,
      profile: 'current',
      cacheNeverImages: false,
      choices: [0, 0],
    });
    expect(dropSteps(clean, violationsOf)).toBe(clean);
  });
});
