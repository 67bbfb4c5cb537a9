import { describeEventLogContract } from '../testing/logContract.js';
import { createMemoryLog } from './createMemoryLog.js';

describeEventLogContract('memory', async () => ({ log: createMemoryLog(), cleanup: async () => {} }));
