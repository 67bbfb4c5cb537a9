export * from './EventLog.js';
