export * from './conditionStatuses.js';
export * from './containerStatuses.js';
export * from './podObject.js';
export * from './projectedInvariants.js';
export * from './statusProjection.js';
export * from './terminatePod.js';
