import { loadDocuments, PodstateError } from '@podstate/core';

/** A Pod object as a cluster reported it (`kubectl get pod -o json`), loosely typed: it is untrusted. */
export interface ObservedPod {
  apiVersion?: string;
  kind?: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** One observation of a Pod in a recording: where it was and what the watch said about it. */
export interface ObservedEntry {
  pod: ObservedPod;
  /** `ADDED` / `MODIFIED` / `DELETED` from `--output-watch-events`, else undefined. */
  watchType?: string;
  /** Where the object starts, for error messages: `file:line` or `file#index`. */
  where: string;
}

/** A core/v1 Event (`kubectl get events -o json`) about a Pod. */
export interface ObservedEvent {
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
}

/** What a recording holds: Pod observations in recorded order and the Events beside them. */
export interface Recording {
  pods: ObservedEntry[];
  events: ObservedEvent[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Splits concatenated JSON values (`kubectl get pods -w -o json` writes one object after another
 * with no separator) into their texts and start offsets. Strings and escapes are respected.
 * Returns undefined when the text is not a sequence of JSON objects/arrays.
 */
export function splitJsonStream(text: string): { text: string; offset: number }[] | undefined {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) {
      if (depth === 0) return undefined;
      inString = true;
    } else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === 125 || ch === 93) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) out.push({ text: text.slice(start, i + 1), offset: start });
    } else if (depth === 0 && !(ch === 32 || ch === 9 || ch === 10 || ch === 13)) {
      return undefined;
    }
  }
  return depth === 0 ? out : undefined;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function bad(where: string, message: string, field?: string): never {
  throw new PodstateError('bad_input', `${where}: ${message}`, field ? { field } : {});
}

/**
 * Reads what people capture from real clusters: `kubectl get pods -o json|yaml` (one Pod or a
 * List), `kubectl get pods -w -o json` streams (with or without `--output-watch-events`), and
 * `kubectl get events -o json` (Events are kept apart). `apiVersion`/`kind` may be missing (an
 * object with `spec.containers` is a Pod); timestamps may be quoted or not; `managedFields` is
 * ignored. Pure: the caller reads the file.
 * @throws PodstateError('bad_input') naming the file, line and field when it is not Kubernetes JSON/YAML.
 */
export function parseRecording(text: string, file: string): Recording {
  const values: { value: unknown; where: string }[] = [];
  const trimmed = text.trimStart();
  const chunks = trimmed.startsWith('{') || trimmed.startsWith('[') ? splitJsonStream(text) : undefined;
  if (chunks !== undefined && chunks.length > 0) {
    for (const c of chunks) {
      const where = `${file}:${lineAt(text, c.offset)}`;
      try {
        values.push({ value: JSON.parse(c.text), where });
      } catch (e) {
        bad(
          where,
          `not valid JSON (${(e as Error).message}); expected the output of kubectl get pods -o json`,
        );
      }
    }
  } else {
    let docs: ReturnType<typeof loadDocuments>;
    try {
      docs = loadDocuments(text, file);
    } catch (e) {
      if (e instanceof PodstateError) throw e;
      throw new PodstateError('bad_input', `${file}: not YAML or JSON: ${(e as Error).message}`);
    }
    for (const d of docs) values.push({ value: d.object, where: `${file}:${d.line}` });
  }
  const rec: Recording = { pods: [], events: [] };
  for (const { value, where } of values) collect(value, where, rec, undefined);
  if (rec.pods.length === 0 && rec.events.length === 0) {
    bad(file, 'holds no Pod: expected the output of kubectl get pods -o json (or -o yaml, or -w -o json)');
  }
  return rec;
}

function collect(value: unknown, where: string, rec: Recording, watchType: string | undefined): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) collect(v, `${where}#${i}`, rec, watchType);
    return;
  }
  if (!isRecord(value))
    bad(where, `expected a Kubernetes object, found ${JSON.stringify(value)?.slice(0, 40)}`);
  // --output-watch-events: {"type":"ADDED","object":{…}}
  if (typeof value.type === 'string' && isRecord(value.object) && value.metadata === undefined) {
    const t = value.type;
    if (!['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'].includes(t))
      bad(where, `watch event type "${t}" is not ADDED, MODIFIED or DELETED`, 'type');
    if (t === 'BOOKMARK' || t === 'ERROR') return;
    collect(value.object, where, rec, t);
    return;
  }
  const kind = typeof value.kind === 'string' ? value.kind : undefined;
  if (kind?.endsWith('List')) {
    if (!Array.isArray(value.items)) bad(where, `${kind} without items`, 'items');
    const items = value.items as unknown[];
    for (const [i, item] of items.entries()) collect(item, `${where} items[${i}]`, rec, watchType);
    return;
  }
  if (kind === 'Event' || (kind === undefined && isRecord(value.involvedObject))) {
    rec.events.push(value as ObservedEvent);
    return;
  }
  const looksLikePod =
    isRecord(value.spec) && Array.isArray((value.spec as { containers?: unknown }).containers);
  if (kind !== undefined && kind !== 'Pod') {
    bad(where, `kind ${kind} is not a Pod: podstate import reads Pods (and Events)`, 'kind');
  }
  if (kind === undefined && !looksLikePod) {
    bad(where, 'not a Kubernetes Pod: expected metadata, spec.containers and status', 'spec.containers');
  }
  if (!isRecord(value.metadata) || typeof value.metadata.name !== 'string' || value.metadata.name === '') {
    bad(where, 'Pod without metadata.name', 'metadata.name');
  }
  const meta = value.metadata as ObservedPod['metadata'];
  const name = `${meta.namespace ?? 'default'}/${meta.name}`;
  if (!looksLikePod) bad(where, `Pod ${name} has no spec.containers`, 'spec.containers');
  rec.pods.push({ pod: value as unknown as ObservedPod, watchType, where });
}
