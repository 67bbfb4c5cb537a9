export * from './conform.js';
export * from './deriveFacts.js';
export * from './parseRecording.js';
export * from './planImport.js';
