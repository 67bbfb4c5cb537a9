/** The projected I2, I4 and I5 checkers (src/status/projectedInvariants.ts) under the names these tests use. */
export {
  checkProjectedI2 as checkI2,
  checkProjectedI4 as checkI4,
  checkProjectedI5 as checkI5,
  type PodViolation,
} from '../src/status/projectedInvariants.js';
