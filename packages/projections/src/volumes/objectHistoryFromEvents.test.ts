import type { RecordedEvent } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { objectViewAt } from './objectHistory.js';
import { objectHistoryFromEvents } from './objectHistoryFromEvents.js';

const ev = (
  seq: number,
  type: string,
  stream: string,
  time: string,
  data: Record<string, unknown>,
): RecordedEvent => ({
  v: 1,
  seq,
  stream,
  rev: 1,
  id: String(seq),
  type,
  sv: 1,
  time,
  data,
});

describe('objectHistoryFromEvents', () => {
  const h = objectHistoryFromEvents([
    ev(1, 'secret.applied', 'secret/default/db', '2026-01-01T00:00:00.000Z', {
      data: { pw: 'aHVudGVyMg==' },
    }),
    ev(2, 'pod.scheduled', 'pod/u1', '2026-01-01T00:00:01.000Z', { node: 'n1' }),
    ev(3, 'configmap.applied', 'configmap/shop/cfg', '2026-01-01T00:00:02.000Z', {
      data: { a: '1' },
      binaryData: { b: 'AAE=' },
    }),
    ev(4, 'secret.deleted', 'secret/default/db', '2026-01-01T00:00:03.000Z', {}),
  ]);
  it('folds applied/deleted events into numbered revisions with decoded bytes', () => {
    expect(h.map((v) => [v.kind, v.namespace, v.name, v.version, v.object !== undefined])).toEqual([
      ['secret', 'default', 'db', 1, true],
      ['configmap', 'shop', 'cfg', 1, true],
      ['secret', 'default', 'db', 2, false],
    ]);
    const t0 = Date.parse('2026-01-01T00:00:02.500Z');
    const view = objectViewAt(h, { firstSyncAt: t0, now: t0 });
    expect(new TextDecoder().decode(view.secret('default', 'db')?.data.pw)).toBe('hunter2');
    expect([...(view.configMap('shop', 'cfg')?.binaryData.b ?? [])]).toEqual([0, 1]);
    expect(
      objectViewAt(h, { firstSyncAt: t0 + 1000, now: t0 + 1000 }).secret('default', 'db'),
    ).toBeUndefined();
  });
});
