import { readFileSync } from 'node:fs';
import { decodeLine, EVENT_TYPES, eventDataSchemas, streamKindOf } from '@podstate/core';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
/** Rows of the catalogue tables: first cell is a `type`. */
const rows = new Map(
  doc
    .split('\n')
    .filter((l) => /^\| `[a-z.-]+` \|/.test(l))
    .map((l) => [l.slice(3, l.indexOf('`', 3)), l] as const),
);

describe('docs/events.md', () => {
  it('documents every event type of the catalogue, and no other', () => {
    const documented = [...rows.keys()].filter((k) => k.includes('.'));
    expect(documented.sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(EVENT_TYPES)('%s: names every data field of its schema', (type) => {
    const row = rows.get(type)!;
    for (const field of Object.keys(eventDataSchemas[type].shape)) expect(row).toContain(`\`${field}`);
  });

  it('puts cluster events on their object stream and Pod events on pod/<uid>', () => {
    for (const type of EVENT_TYPES) {
      const kind = streamKindOf(type);
      if (kind !== 'pod') expect(rows.get(type)).toContain(kind === 'cluster' ? '`cluster`' : `\`${kind}/`);
    }
  });

  it('the example envelope line is a valid record: its CRC covers the bytes before ,"crc":"', () => {
    const line = doc.split('\n').find((l) => l.startsWith('{"v":1,'))!;
    const r = decodeLine(line, { lineNo: 1, offset: 0, file: 'docs/events.md' });
    expect(r).toMatchObject({ seq: 42, type: 'container.started', data: { container: 'app' } });
    const damaged = line.replace('"app"', '"api"');
    expect(() => decodeLine(damaged, { lineNo: 1, offset: 0, file: 'docs/events.md' })).toThrow(
      /docs\/events.md line 1/,
    );
  });
});
