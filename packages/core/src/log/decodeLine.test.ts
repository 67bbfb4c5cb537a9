import { describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { crc32, crc32View } from './crc32.js';
import { decodeLine } from './decodeLine.js';
import { encodeRecord } from './encodeRecord.js';

const ctx = { file: 'events.jsonl', lineNo: 7, offset: 1234 };
const rec: RecordedEvent = {
  batch: [0, 2],
  meta: { by: 'test' },
  data: { node: 'n1', note: 'é✓' },
  subject: 'default/web',
  time: '2024-05-01T12:00:00.000Z',
  sv: 1,
  type: 'pod.scheduled',
  id: '6f1c1c52-4b7e-4d53-9a55-0c4b2b0b7e11',
  rev: 2,
  stream: 'pod/6f1c1c52',
  seq: 9,
  v: 1,
};

function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isPodstateError(e)) return e;
    throw e;
  }
  throw new Error('expected a throw');
}

describe('crc32', () => {
  it('matches the standard check value and zlib for multi-byte UTF-8', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // Value from zlib.crc32 / Python binascii.crc32 of the same bytes.
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('crc32View (four bytes a load, the read path) gives crc32 of every range, at any alignment', () => {
    const bytes = Buffer.from(
      '{"v":1,"seq":12,"stream":"pod/u1","data":{"note":"é✓"}} The quick brown fox',
      'utf8',
    );
    // A view that does not start at its buffer's first byte, as a pooled Buffer's does not.
    const inner = new Uint8Array(bytes.length + 3);
    inner.set(bytes, 3);
    const view = new DataView(inner.buffer, 3, bytes.length);
    for (let start = 0; start <= bytes.length; start++) {
      for (let end = start; end <= bytes.length; end++) {
        if (crc32View(view, start, end) !== crc32(bytes, start, end)) {
          throw new Error(`crc32View differs on [${start}, ${end})`);
        }
      }
    }
    const check = new TextEncoder().encode('123456789');
    expect(crc32View(new DataView(check.buffer), 0, check.length)).toBe(0xcbf43926);
  });
});

describe('encodeRecord / decodeLine', () => {
  it('writes the envelope keys in DESIGN.md order with the crc last, over the exact bytes before it', () => {
    const line = encodeRecord(rec);
    expect(Object.keys(JSON.parse(line))).toEqual([
      'v',
      'seq',
      'stream',
      'rev',
      'id',
      'type',
      'sv',
      'time',
      'subject',
      'data',
      'meta',
      'batch',
      'crc',
    ]);
    const cut = line.lastIndexOf(',"crc":"');
    const crc = crc32(Buffer.from(line.slice(0, cut), 'utf8'))
      .toString(16)
      .padStart(8, '0');
    expect(line.slice(cut)).toBe(`,"crc":"${crc}"}`);
    expect(decodeLine(line, ctx)).toEqual({ ...rec, crc });
    expect(decodeLine(`${line}\n`, ctx)).toEqual({ ...rec, crc });
  });

  it('omits absent optional keys', () => {
    const { subject: _s, meta: _m, batch: _b, ...bare } = rec;
    expect(Object.keys(JSON.parse(encodeRecord(bare)))).toEqual([
      'v',
      'seq',
      'stream',
      'rev',
      'id',
      'type',
      'sv',
      'time',
      'data',
      'crc',
    ]);
  });

  it('refuses a changed byte as damaged_log naming file, line and byte offset', () => {
    const line = encodeRecord(rec).replace('"n1"', '"n2"');
    const e = thrown(() => decodeLine(line, ctx));
    expect(e.code).toBe('damaged_log');
    expect(e.message).toContain('events.jsonl line 7 (byte offset 1234)');
    expect(e.message).toContain('CRC mismatch');
  });

  it('refuses a torn line (no crc field) as damaged_log', () => {
    const line = encodeRecord(rec);
    expect(thrown(() => decodeLine(line.slice(0, -5), ctx)).code).toBe('damaged_log');
    expect(thrown(() => decodeLine('', ctx)).code).toBe('damaged_log');
  });

  it('refuses an unknown format version, a bad stream and a bad id as bad_input, even with a valid crc', () => {
    const v2 = encodeRecord(rec).replace('{"v":1', '{"v":2');
    const fix = (s: string) => {
      const body = s.slice(0, s.lastIndexOf(',"crc":"'));
      return `${body},"crc":"${crc32(Buffer.from(body)).toString(16).padStart(8, '0')}"}`;
    };
    const ev2 = thrown(() => decodeLine(fix(v2), ctx));
    expect(ev2.code).toBe('bad_input');
    expect(ev2.message).toContain('unknown envelope format version 2');
    expect(thrown(() => decodeLine(fix(encodeRecord({ ...rec, stream: 'pods/x' })), ctx)).code).toBe(
      'bad_input',
    );
    expect(thrown(() => decodeLine(fix(encodeRecord({ ...rec, id: 'a b' })), ctx)).code).toBe('bad_input');
  });

  it('refuses a line over 1 MiB as bad_input', () => {
    const line = encodeRecord({ ...rec, data: { blob: 'x'.repeat(1024 * 1024) } });
    const e = thrown(() => decodeLine(line, ctx));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('over the 1 MiB limit');
  });
});
