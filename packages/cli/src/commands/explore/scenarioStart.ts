/**
 * When `podstate run` starts a fresh log (its SCENARIO_EPOCH): explore's lifecycles start there
 * too, so a counterexample's `at:` offsets replay to the very same event times.
 */
export const SCENARIO_START = Date.parse('2026-01-01T00:00:00.000Z');
