export * from './jsonpath.js';
export * from './labelSelector.js';
export * from './printers.js';
