export * from './foldTransitions.js';
