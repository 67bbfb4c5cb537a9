export * from './containerEvents.js';
export * from './eventMessages.js';
export * from './eventRecorder.js';
export * from './podEvents.js';
export * from './timelineProjection.js';
