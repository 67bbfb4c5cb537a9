export * from './buildReport.js';
export * from './pack.js';
export * from './renderHtml.js';
