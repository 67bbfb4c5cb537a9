export * from './readJsonlOnce.js';
