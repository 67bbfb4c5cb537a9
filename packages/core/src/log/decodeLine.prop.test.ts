import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import { crc32 } from './crc32.js';
import { decodeBytes, decodeGeneral } from './decodeLine.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);
const ctx = { file: 'events.jsonl', lineNo: 3, offset: 99 };

/** `body` with its crc suffix: a line whose CRC matches, whatever the body says. */
const withCrc = (body: string) => {
  const crc = crc32(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0');
  return Buffer.from(`${body},"crc":"${crc}"}`, 'utf8');
};

/** What decoding gives: the record with its keys in order, or the error's code and message. */
function outcome(decode: () => unknown): unknown {
  try {
    const r = decode() as Record<string, unknown>;
    return { keys: Object.keys(r), json: JSON.stringify(r), record: r };
  } catch (e) {
    if (!isPodstateError(e)) throw e;
    return { code: e.code, message: e.message, details: e.details };
  }
}

const both = (line: Buffer) => ({
  fast: outcome(() => decodeBytes(line, 0, line.length, ctx, true)),
  general: outcome(() => decodeGeneral(line, 0, line.length, ctx, true)),
  lenient: outcome(() => decodeBytes(line, 0, line.length, ctx, false)),
  generalLenient: outcome(() => decodeGeneral(line, 0, line.length, ctx, false)),
});

// Envelope values near the edges of what the writer's layout and the envelope's checks allow.
const text = fc.constantFrom('a', 'pod.created', 'é', 'a\\"b', 'x y', '\u0001', '', 'a/b', '日本');
const stream = fc.oneof(
  fc.constantFrom(
    'pod/u1',
    'node/n-1',
    'cluster',
    'secret/ns/s',
    'configmap/ns/c',
    'pods/x',
    'pod/',
    'pod/-a',
  ),
  fc
    .constantFrom('pod/a', 'node/b')
    .chain((p) => fc.integer({ min: 240, max: 260 }).map((n) => `${p}${'c'.repeat(n)}`)),
  text,
);
const id = fc.oneof(
  fc.constantFrom('e-1', 'a:b.c_d', '-a', 'a b', ''),
  fc.integer({ min: 126, max: 130 }).map((n) => `i${'d'.repeat(n - 1)}`),
  fc.uuid(),
);
const int = fc.oneof(
  fc.constantFrom(
    '1',
    '7',
    '0',
    '-1',
    '01',
    '1.0',
    '1e2',
    '2.5',
    '"3"',
    'null',
    '123456789012345',
    '1234567890123456',
  ),
  fc.integer({ min: 1, max: 2 ** 31 }).map(String),
);
const json = (v: unknown) => JSON.stringify(v);
const data = fc.oneof(
  fc.constant('{}'),
  fc.dictionary(fc.string(), fc.jsonValue()).map(json),
  fc.constantFrom(
    '[]',
    'null',
    '1',
    '"x"',
    '{"a":1} ',
    '{ }',
    '{"a":"}"}',
    '{},"seq":9',
    '{},"data":{"b":2}',
    '{"a":1',
  ),
);
const tail = fc.constantFrom(
  '',
  ',"meta":{"by":"t"}',
  ',"batch":[0,2]',
  ',"batch":[1,2]',
  ',"meta":{},"batch":[0,1]',
  ',"seq":5',
);
// Mostly what the writer writes, so that many lines are whole records, with an edge now and then.
const mostly = <T>(good: fc.Arbitrary<T>, edge: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: edge, weight: 1 });
const line = fc
  .record({
    v: mostly(fc.constant('1'), fc.constantFrom('2', '1.0', '"1"')),
    seq: mostly(fc.integer({ min: 1, max: 2 ** 40 }).map(String), int),
    stream: mostly(
      fc.uuid().map((u) => `pod/${u}`),
      stream,
    ).map(json),
    rev: mostly(fc.integer({ min: 1, max: 500 }).map(String), int),
    id: mostly(fc.uuid(), id).map(json),
    type: mostly(fc.constantFrom('pod.created', 'container.probe.succeeded'), text).map(json),
    sv: mostly(fc.constant('1'), int),
    time: mostly(
      fc.oneof(
        fc.constant('2026-01-01T00:00:00.000Z'),
        fc.integer({ min: 0, max: 4102444800000 }).map((ms) => new Date(ms).toISOString()),
      ),
      text,
    ).map(json),
    subject: fc.option(mostly(fc.constant('default/web'), text).map(json), { nil: undefined }),
    data: mostly(
      fc.oneof(
        fc.dictionary(fc.string(), fc.jsonValue()).map(json),
        // The same small objects again and again, as probes carry them (kept and copied).
        fc.constantFrom(
          '{"container":"api","probe":"liveness"}',
          '{"a":1,"b":null,"c":"é"}',
          '{"2":1,"1":-0,"b":true}',
          '{"__proto__":1}',
          '{"n":{"x":1}}',
          '{"l":[1]}',
        ),
      ),
      data,
    ),
    tail: mostly(fc.constant(''), tail),
    space: mostly(fc.constant(''), fc.constant(' ')),
  })
  .map(
    (r) =>
      `{"v":${r.v},"seq":${r.seq},"stream":${r.stream},"rev":${r.rev},"id":${r.id},"type":${r.type},"sv":${r.sv},` +
      `"time":${r.time}${r.subject === undefined ? '' : `,"subject":${r.subject}`},${r.space}"data":${r.data}${r.tail}`,
  );

describe('decodeLine: the writer-layout shortcut gives what the general decoder gives', () => {
  it('the same record (keys in the same order) or the same error, for lines near every edge of the layout', () => {
    let records = 0;
    fc.assert(
      fc.property(line, (body) => {
        const r = both(withCrc(body));
        expect(r.fast).toEqual(r.general);
        expect(r.lenient).toEqual(r.generalLenient);
        if ('record' in (r.fast as object)) records++;
      }),
      { seed, numRuns: 3000, verbose: 1 },
    );
    // Enough of them are whole records for the shortcut's own answers to be compared, not only its refusals.
    expect(records).toBeGreaterThan(300);
  });

  it('a well-formed line: the record JSON.parse gives, keys in the line order; lines of the writer and a fix-up by hand', () => {
    const body =
      '{"v":1,"seq":12,"stream":"pod/00000000-0000-4000-a000-0000000025ff","rev":3,"id":"e1","type":"container.started",' +
      '"sv":1,"time":"2026-01-01T00:00:00.020Z","subject":"default/web","data":{"container":"app","note":"é✓\\n"}';
    const buf = withCrc(body);
    const r = decodeBytes(buf, 0, buf.length, ctx);
    expect(Object.keys(r)).toEqual(Object.keys(JSON.parse(buf.toString('utf8'))));
    expect(r).toEqual(JSON.parse(buf.toString('utf8')));
    // The same stream string twice: one string, not one per line (the read path's Maps hash it once).
    const again = decodeBytes(buf, 0, buf.length, ctx);
    expect(again.stream).toBe(r.stream);
    // The same small data on two lines: equal objects, each its own (changing one leaves the other).
    const probe = withCrc(body.replace(/"data":.*$/, '"data":{"container":"api","probe":"liveness"}'));
    const p1 = decodeBytes(probe, 0, probe.length, ctx);
    const p2 = decodeBytes(probe, 0, probe.length, ctx);
    expect(p2.data).toEqual({ container: 'api', probe: 'liveness' });
    expect(p2.data).not.toBe(p1.data);
    p1.data.container = 'changed';
    expect(decodeBytes(probe, 0, probe.length, ctx).data).toEqual({ container: 'api', probe: 'liveness' });
    // Small data of one length that differ only inside (same last bytes), more of them than the
    // kept table has slots, line after line: each line gets its own, never another one kept in
    // the same slot (the kept objects are told apart by all their bytes).
    const names = Array.from({ length: 600 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    const lines = names.map((c) =>
      withCrc(body.replace(/"data":.*$/, `"data":{"container":"${c}","probe":"liveness"}`)),
    );
    for (let round = 0; round < 2; round++) {
      for (const [k, c] of names.entries()) {
        const b = lines[k]!;
        expect(decodeBytes(b, 0, b.length, ctx).data).toEqual({ container: c, probe: 'liveness' });
      }
    }
    // Streams of one length that share their last 16 bytes (what the kept streams are found by)
    // and differ only before them, within the first 60 bytes or past them, line after line: each
    // line gets its own stream, never the one kept before it in the same place.
    const tailOf = 'b'.repeat(30);
    const streams = ['pod/x', 'pod/y', `pod/${'a'.repeat(56)}x`, `pod/${'a'.repeat(56)}y`].map(
      (head) => `${head}${tailOf}`,
    );
    for (let round = 0; round < 2; round++) {
      for (const name of [...streams, ...streams.reverse()]) {
        const b = withCrc(body.replace('pod/00000000-0000-4000-a000-0000000025ff', name));
        expect(decodeBytes(b, 0, b.length, ctx).stream).toBe(name);
      }
    }
    // A key repeated after data overrides the first, as in JSON.parse: the shortcut must not miss it.
    const dup = withCrc(`${body},"seq":13`);
    expect(decodeBytes(dup, 0, dup.length, ctx).seq).toBe(13);
    // A bad stream name in the writer's layout is refused with the general decoder's words.
    const bad = withCrc(body.replace('pod/0000', 'pod/-000'));
    expect(outcome(() => decodeBytes(bad, 0, bad.length, ctx))).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('events.jsonl line 3 (byte offset 99): stream "pod/-000'),
    });
  });

  it('the comparison catches a shortcut that differs: key order, a dropped key, a changed value', () => {
    const buf = withCrc(
      '{"v":1,"seq":1,"stream":"cluster","rev":1,"id":"a","type":"t","sv":1,"time":"x","data":{}',
    );
    const good = outcome(() => decodeGeneral(buf, 0, buf.length, ctx));
    const reordered = (r: Record<string, unknown>) => {
      const { v, ...rest } = r;
      return { ...rest, v };
    };
    const dropped = (r: Record<string, unknown>) => {
      const { crc: _c, ...rest } = r;
      return rest;
    };
    for (const wrong of [reordered, dropped, (r: Record<string, unknown>) => ({ ...r, seq: 2 })]) {
      const bad = outcome(() =>
        wrong(decodeGeneral(buf, 0, buf.length, ctx) as unknown as Record<string, unknown>),
      );
      expect(bad).not.toEqual(good);
    }
  });
});
