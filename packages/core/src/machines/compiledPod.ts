import { podTable } from './generated/tables.js';
import { podMachineRules } from './machineRules.js';

/**
 * The Pod machine as a flat table, for replay: `compileMachine(podMachine, podMachineRules)`,
 * precompiled into generated/tables.ts so replay loads neither XState nor the chart definition.
 */
export const compiledPodMachine = podTable(podMachineRules);
