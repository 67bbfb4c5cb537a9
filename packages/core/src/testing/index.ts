export * from './logContract.js';
