export { formatDuration, parseDuration } from './parseDuration.js';
export { CONTAINER_KEYS, EXPECTATION_KEYS } from './parseExpectation.js';
export { isScenarioDocument, parseScenario, SCENARIO_API_VERSION } from './parseScenario.js';
export { formatPath } from './ScenarioProblems.js';
export type * from './types.js';
