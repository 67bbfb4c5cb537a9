import { podActions } from './podActions.js';
import { podGuards } from './podGuards.js';

/**
 * The named guards and actions of the Pod chart: what its XState definition (podMachine.ts) runs
 * through setup(), and what its compiled table (generated/tables.ts) names. (The container
 * chart's are containerRules.)
 */
export const podMachineRules = { guards: podGuards, actions: podActions };
