import { type AppendResult, type ExpectedRevision, PodstateError, type RecordedEvent } from '@podstate/core';
import {
  assertExpectedHead,
  assertExpectedRevision,
  encodeRecord,
  MAX_LINE_BYTES,
} from '@podstate/core/internal';
import type { ClientBase } from 'pg';
import type { PreparedEvent } from './prepareEvents.js';
import type { LogTables } from './sqlNames.js';
import { toRecordedEvent } from './toRecordedEvent.js';

/** Envelopes for the events at seq base+1… and rev from+1…, with their JSONL CRC; refuses lines over 1 MiB. */
function toRecords(
  stream: string,
  events: readonly PreparedEvent[],
  base: number,
  from: number,
): RecordedEvent[] {
  const n = events.length;
  return events.map((e, i) => {
    const r = toRecordedEvent({
      seq: base + i + 1,
      stream,
      rev: from + i + 1,
      id: e.id,
      type: e.type,
      sv: e.sv,
      time: e.time,
      subject: e.subject,
      // Parsed back from the stored text, so the result equals what any reader gets later.
      data: JSON.parse(e.data) as Record<string, unknown>,
      meta: e.meta === null ? null : (JSON.parse(e.meta) as Record<string, unknown>),
      batch_index: i,
      batch_size: n,
      crc: null,
    });
    const line = encodeRecord(r);
    const bytes = Buffer.byteLength(line);
    if (bytes > MAX_LINE_BYTES) {
      throw new PodstateError(
        'bad_input',
        `Event ${i} of the append to ${stream} (type ${e.type}) encodes to ${bytes} bytes, over the ` +
          '1 MiB line limit; keep large payloads out of the log. Nothing was appended.',
        { stream, index: i },
      );
    }
    r.crc = line.slice(-10, -2);
    return r;
  });
}

/**
 * Appends prepared events inside the caller's open READ COMMITTED transaction; the caller commits.
 *
 * Locks, always in this order so appends cannot deadlock: the stream's row (revision check), then
 * the single log_position row, which allots seq and stays locked until the transaction ends. Seq is
 * therefore gapless (a rollback gives its numbers back) and a transaction holding a lower seq is
 * visible before one holding a higher seq has even been allotted it.
 */
export async function appendInTransaction(
  client: ClientBase,
  t: LogTables,
  stream: string,
  events: readonly PreparedEvent[],
  expected: ExpectedRevision,
  expectedHead?: number,
): Promise<AppendResult> {
  if (events.length === 0) {
    // Only the revision check: write nothing, not even the stream row.
    const { rows } = await client.query<{ revision: string; seq: string }>(
      `select coalesce((select revision from ${t.streams} where stream = $1), 0) as revision,
              (select seq from ${t.position}) as seq`,
      [stream],
    );
    const actual = Number(rows[0]?.revision ?? 0);
    assertExpectedRevision(stream, expected, actual);
    return { events: [], nextRevision: actual, lastSeq: Number(rows[0]?.seq ?? 0) };
  }
  // `do update` (not `do nothing`) so the row is locked and its latest committed revision returned.
  const locked = await client.query<{ revision: string }>(
    `insert into ${t.streams} as s (stream, revision) values ($1, 0)
     on conflict (stream) do update set revision = s.revision returning revision`,
    [stream],
  );
  const actual = Number(locked.rows[0]?.revision ?? 0);
  assertExpectedRevision(stream, expected, actual);
  const n = events.length;
  const allotted = await client.query<{ base: string }>(
    `update ${t.position} set seq = seq + $1::bigint returning seq - $1::bigint as base`,
    [n],
  );
  const base = Number(allotted.rows[0]?.base);
  // Decided against the log as it is now: the position row is locked until commit, so no other
  // append can commit between this check and ours.
  if (expectedHead !== undefined) assertExpectedHead(expectedHead, base);
  const records = toRecords(stream, events, base, actual);
  await client.query(
    `with st as (
       update ${t.streams} set revision = $3::bigint + $1::bigint where stream = $2
     )
     insert into ${t.events} (seq, stream, rev, id, type, sv, time, subject, data, meta, batch_index, batch_size, crc)
     select $4::bigint + e.i, $2, $3::bigint + e.i, e.id, e.type, e.sv, e.time, e.subject, e.data, e.meta,
            e.i - 1, $1::int, e.crc
     from unnest($5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::json[], $11::json[], $12::text[])
       with ordinality as e(id, type, sv, time, subject, data, meta, crc, i)`,
    [
      n,
      stream,
      actual,
      records[0]?.seq !== undefined ? records[0].seq - 1 : 0,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.sv),
      events.map((e) => e.time),
      events.map((e) => e.subject),
      events.map((e) => e.data),
      events.map((e) => e.meta),
      records.map((r) => r.crc),
    ],
  );
  return { events: records, nextRevision: actual + n, lastSeq: (records[n - 1] as RecordedEvent).seq };
}
