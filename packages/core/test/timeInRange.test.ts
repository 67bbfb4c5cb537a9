import { describe, expect, it } from 'vitest';
import { createEngine, createMemoryLog } from '../src/index.js';

// Every entry refuses a time Go's time.Parse(time.RFC3339) would (parseRFC3339: each field in
// range), not only the CLI: the engine's untrusted apply and the store's append.
describe('a time out of range is refused at every entry (Go time.Parse(time.RFC3339) → parseRFC3339)', () => {
  it("the engine's untrusted apply refuses 2026-02-31 with invalid_time, naming the day", () => {
    const engine = createEngine();
    const r = engine.apply({
      stream: 'node/n1',
      type: 'node.registered',
      time: '2026-02-31T00:00:00.000Z',
      data: { node: 'n1' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe('invalid_time');
      expect(r.rejection.message).toContain('(day 31 is not 01–28 in 2026-02)');
    }
  });

  it("the store's append refuses month 13 and hour 24 before writing anything", async () => {
    const log = createMemoryLog();
    for (const time of ['2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z'])
      await expect(
        log.append('node/n1', [{ type: 'node.registered', time, data: { node: 'n1' } }]),
      ).rejects.toThrow(
        /is not an RFC 3339 time like 2024-05-01T12:00:00\.000Z \((month 13 is not 01–12|hour 24 is not 00–23)\)/,
      );
    const read = [];
    for await (const e of log.read()) read.push(e);
    expect(read).toEqual([]);
  });
});
