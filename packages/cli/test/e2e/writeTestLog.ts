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
      // UUIDs (as the stores write) and short ids alternate: the byte router steps over both.
      id: i % 2 === 0 ? `e-${i + 1}` : `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
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
