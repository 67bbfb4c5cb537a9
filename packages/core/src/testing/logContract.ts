import type { EventLog } from '../log/EventLog.js';

/** A fresh, empty store for one contract test, and how to dispose of it. */
export interface LogFixture {
  log: EventLog;
  cleanup(): Promise<void>;
}

/**
 * Registers the EventLog contract suite (vitest describe/it) for one store implementation.
 * Placeholder: the event-log issue fills it.
 */
export function describeEventLogContract(_name: string, _factory: () => Promise<LogFixture>): void {}
