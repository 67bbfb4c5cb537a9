export * from './kube/containerHelpers.js';
export * from './kube/generateConditions.js';
export * from './kube/getPhase.js';
export * from './kube/mergeConditions.js';
export * from './kube/time.js';
export * from './kube/types.js';
