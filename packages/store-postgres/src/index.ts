export { createPostgresLog, type PostgresLog, type PostgresLogOptions } from './createPostgresLog.js';
