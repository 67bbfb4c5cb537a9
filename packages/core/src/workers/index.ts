export * from './readPartition.js';
export * from './routeLine.js';
export * from './ShadowPods.js';
export * from './timeOfBytes.js';
