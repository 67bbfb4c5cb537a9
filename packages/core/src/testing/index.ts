// Tests drive engines with untrusted input: load the catalogue's check (events/inputCheck.ts).
import '../events/checkEventInput.js';

export * from './builtInManifests.js';
export * from './canonicalJSON.js';
export * from './chartCoverage.js';
export * from './checkInvariants.js';
export * from './clusterInvariants.js';
export * from './given.js';
export * from './invariantModel.js';
export * from './invariantStream.js';
export * from './lifecycleArbitrary.js';
export * from './podInvariants.js';
export * from './podStateComparer.js';
export * from './sameEngineState.js';
export * from './sameJSON.js';
export * from './seededRandom.js';
export * from './steps.js';
export * from './trace.js';
export * from './valueInvariants.js';
