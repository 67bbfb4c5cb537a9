export * from './toChartJSON.js';
export * from './toDot.js';
export * from './toMermaid.js';
