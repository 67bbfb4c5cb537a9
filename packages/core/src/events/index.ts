export * from './catalogue.js';
export * from './envelope.js';
export * from './parseEvent.js';
export * from './suggest.js';
export * from './validateObjectEvent.js';
