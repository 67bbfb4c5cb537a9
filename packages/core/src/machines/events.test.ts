import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../events/eventTypeNames.js';
import { isContainerEvent, type MachineEvent } from './events.js';

describe('isContainerEvent', () => {
  it('is true exactly for the catalogue types starting with "container."', () => {
    for (const type of EVENT_TYPES) {
      const e = { type, time: 0, data: {} } as unknown as MachineEvent;
      expect(isContainerEvent(e), type).toBe(type.startsWith('container.'));
    }
  });
});
