import type { RecordedEvent } from '@podstate/core';
import { PodstateError } from '@podstate/core/runtime';
import { configMapObjectFrom, secretObjectFrom } from './ObjectView.js';
import { appendObjectVersion, type ObjectHistory } from './objectHistory.js';

/** `secret/<ns>/<name>` → [ns, name]; data fields win when present. */
function target(e: RecordedEvent): [string, string] {
  const [, ns = 'default', name = e.subject ?? ''] = e.stream.split('/');
  const d = e.data as { namespace?: string; name?: string };
  return [d.namespace ?? ns, d.name ?? name];
}

/**
 * Folds `secret.applied|deleted` and `configmap.applied|deleted` events (data base64 as on the
 * wire) into an ObjectHistory at their event times; other events are ignored. Events must be in
 * log order, which is event-time order. Pure.
 */
export function objectHistoryFromEvents(events: Iterable<RecordedEvent>): ObjectHistory {
  let h: ObjectHistory = [];
  for (const e of events) {
    const appliedAt = Date.parse(e.time);
    if (Number.isNaN(appliedAt))
      throw new PodstateError(
        'bad_input',
        `event ${e.seq} (${e.type}) has an unparsable time "${e.time}"; use RFC 3339`,
      );
    const [namespace, name] = target(e);
    const d = e.data as { data?: Record<string, string>; binaryData?: Record<string, string> };
    if (e.type === 'secret.applied') {
      h = appendObjectVersion(h, {
        kind: 'secret',
        namespace,
        name,
        appliedAt,
        object: secretObjectFrom({ data: d.data ?? {} }),
      });
    } else if (e.type === 'secret.deleted') {
      h = appendObjectVersion(h, { kind: 'secret', namespace, name, appliedAt, object: undefined });
    } else if (e.type === 'configmap.applied') {
      const object = configMapObjectFrom({ data: d.data ?? {}, binaryData: d.binaryData ?? {} });
      h = appendObjectVersion(h, { kind: 'configmap', namespace, name, appliedAt, object });
    } else if (e.type === 'configmap.deleted') {
      h = appendObjectVersion(h, { kind: 'configmap', namespace, name, appliedAt, object: undefined });
    }
  }
  return h;
}
