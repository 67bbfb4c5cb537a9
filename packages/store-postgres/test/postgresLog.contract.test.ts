import { describeEventLogContract } from '@podstate/core/log-contract';
import { createTestLog } from './pgTestLog.js';

// The shared EventLog contract, each test in a schema of its own on the run's embedded server.
describeEventLogContract('PostgreSQL log', () => createTestLog());
