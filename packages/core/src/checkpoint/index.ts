export * from './checkpointFile.js';
