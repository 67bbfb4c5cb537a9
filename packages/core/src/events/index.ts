export * from './catalogue.js';
export * from './checkEventData.js';
export * from './checkEventInput.js';
export * from './envelope.js';
export * from './eventTypes.js';
export * from './parseEvent.js';
export * from './suggest.js';
export * from './validateObjectEvent.js';
