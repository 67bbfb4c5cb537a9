export * from './buildReport.js';
export * from './renderHtml.js';
