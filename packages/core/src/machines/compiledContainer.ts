import { containerRules } from './containerRules.js';
import { containerTable } from './generated/tables.js';

/**
 * The container machine as a flat table, for replay: `compileMachine(containerMachine,
 * containerRules)`, precompiled into generated/tables.ts so replay loads neither XState nor the
 * chart definition.
 */
export const compiledContainerMachine = containerTable(containerRules);
