import type { StepChecker, Trace, Violation } from '@podstate/core/invariants';

/**
 * A deliberately false "invariant" that ordinary lifecycles break, so the pipeline (find, shrink,
 * write, replay) can be demonstrated on an engine that keeps the real invariants. Selected only
 * by `--canary`; never part of a normal exploration.
 */
export interface Canary {
  /** As given on the command line: `restarts:3`. */
  name: string;
  /** What the canary claims, for the summary and the counterexample. */
  claim: string;
  /** At most one violation: the first step where the claim fails. */
  check(trace: Trace): Violation[];
  /** The same check fed step by step (a fresh one per lifecycle). */
  stepChecker(): StepChecker;
  /** The `expect:` that holds while the claim does, so replaying the counterexample fails on it. */
  expectation(violation: Violation, trace: Trace): Record<string, unknown>;
}

/** `restarts:N`: "no container restarts N times". Any crash loop of N restarts violates it. */
function restartsCanary(n: number): Canary {
  const name = `restarts:${n}`;
  const culprit = (trace: Trace, step: number) =>
    trace.steps[step]?.after?.ctx.containers.find((s) => s.ctx.restartCount >= n);
  const violation = (i: number, slot: { ctx: { name: string; restartCount: number } }): Violation => ({
    invariant: `canary ${name}`,
    step: i,
    message: `container "${slot.ctx.name}" has restarted ${slot.ctx.restartCount} time${slot.ctx.restartCount === 1 ? '' : 's'}`,
  });
  return {
    name,
    claim: `no container restarts ${n} time${n === 1 ? '' : 's'}`,
    check(trace) {
      for (let i = 0; i < trace.steps.length; i++) {
        const slot = culprit(trace, i);
        if (slot !== undefined) return [violation(i, slot)];
      }
      return [];
    },
    stepChecker() {
      let seen = false;
      return {
        pods: 0,
        step(s, i, out) {
          if (seen) return;
          const slot = s.after?.ctx.containers.find((c) => c.ctx.restartCount >= n);
          if (slot === undefined) return;
          seen = true;
          out.push(violation(i, slot));
        },
      };
    },
    expectation(violation, trace) {
      const slot = culprit(trace, violation.step);
      return slot === undefined ? {} : { containers: { [slot.ctx.name]: { restartCount: n - 1 } } };
    },
  };
}

/** Parses `--canary <kind>:<n>`; throws an Error saying what is accepted. */
export function parseCanary(text: string): Canary {
  const m = /^restarts:([0-9]+)$/.exec(text);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new Error(
      `"${text}" is not a canary; the one canary is restarts:<n> with n ≥ 1 ("no container restarts n times"), e.g. --canary restarts:3`,
    );
  }
  return restartsCanary(n);
}
