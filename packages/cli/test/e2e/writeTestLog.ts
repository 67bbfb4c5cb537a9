// Test helper: writes events as a JSONL log (format 1, each event its own append) in one write,
// as the store would have written them one append at a time, so property tests can write many
// logs without an fdatasync per event.
import { writeFileSync } from 'node:fs';
import { type EventInput, encodeRecordLine, type RecordedEvent } from '@podstate/core/internal';

/** Writes `events` to `path` (replacing it): seq from 1, rev per stream, the profile in the first event's meta. */
export function writeTestLog(path: string, events: readonly EventInput[], profile: string): void {
  const revs = new Map<string, number>();
  const lines = events.map((e, i) => {
    const rev = (revs.get(e.stream) ?? 0) + 1;
    revs.set(e.stream, rev);
    const r: RecordedEvent = {
      v: 1,
      seq: i + 1,
      stream: e.stream,
      rev,
      id: `e-${i + 1}`,
      type: e.type,
      sv: 1,
      time: e.time,
      ...(e.stream.startsWith('pod/') && e.type === 'pod.created' ? { subject: subjectOf(e) } : {}),
      data: e.data,
      ...(i === 0 ? { meta: { profile } } : {}),
    };
    return encodeRecordLine(r);
  });
  writeFileSync(path, Buffer.concat(lines));
}

function subjectOf(e: EventInput): string {
  const m = (e.data as { manifest?: { metadata?: { namespace?: string; name?: string } } }).manifest;
  return `${m?.metadata?.namespace ?? 'default'}/${m?.metadata?.name ?? ''}`;
}
