import { crc32, crcHex, type NewEvent, PodstateError, rfc3339TimeProblem } from '@podstate/core/internal';
import { didYouMean } from '@podstate/scenario';

/** One raw input: a command-line argument or a line of a file, and how to name it in errors. */
export interface AppendSource {
  text: string;
  /** `argument 2`, `events.jsonl:7`. */
  where: string;
}

/** A validated event of an append input, with the stream it goes to and where it came from. */
export interface AppendItem {
  stream: string;
  event: NewEvent;
  where: string;
  /** For a log line of an atomic batch: the batch's size n. */
  batchOf?: number;
}

/** Consecutive items of one input for the same stream: appended atomically together. */
export type AppendGroup = AppendItem[];

const FIELDS = ['stream', 'type', 'time', 'data', 'subject', 'id', 'meta', 'sv'] as const;
/** A log line's own envelope fields: checked, then left to the target log, which assigns its own. */
const ENVELOPE = ['v', 'seq', 'rev', 'batch', 'crc'] as const;
const ALL_FIELDS: readonly string[] = [...FIELDS, ...ENVELOPE];
// Kept in step with the log's own checks (core/src/log/assertAppendInput.ts), so a bad input is
// refused before anything is appended rather than by the log midway through a multi-stream input.
const SEGMENT = '[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?';
const STREAM = new RegExp(`^(?:(?:pod|node)/${SEGMENT}|(?:secret|configmap)/${SEGMENT}/${SEGMENT}|cluster)$`);
const TYPE = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** The envelope fields of a log line given as input: `v` 1, `seq`/`rev` >= 1, `batch` [i, n]. */
function checkEnvelope(value: Record<string, unknown>, bad: (field: string, what: string) => void): void {
  if (value.v !== undefined && value.v !== 1)
    bad('v', `${JSON.stringify(value.v)}: only envelope version 1 exists`);
  for (const k of ['seq', 'rev'] as const)
    if (value[k] !== undefined && !positive(value[k])) bad(k, 'must be an integer >= 1');
  const b = value.batch;
  if (
    b !== undefined &&
    !(
      Array.isArray(b) &&
      b.length === 2 &&
      Number.isInteger(b[0]) &&
      positive(b[1]) &&
      b[0] >= 0 &&
      b[0] < b[1]
    )
  )
    bad('batch', 'must be [i, n] with 0 <= i < n');
  if (value.crc !== undefined && (typeof value.crc !== 'string' || !/^[0-9a-f]{8}$/.test(value.crc)))
    bad('crc', 'must be 8 lowercase hex digits');
}

/** A log line's `crc` must match its bytes, as the log itself checks it: an edited line is refused. */
function checkLineCrc(text: string, where: string, problems: string[]): void {
  const at = text.lastIndexOf(',"crc":"');
  if (at < 0) return;
  const bytes = Buffer.from(text.slice(0, at), 'utf8');
  const stored = text.slice(at + 8, at + 16);
  const computed = crcHex(crc32(bytes));
  if (stored !== computed)
    problems.push(
      `${where}: crc: ${stored} does not match the line (${computed}): it was edited or damaged; remove the crc field to append it anyway`,
    );
}

/** Checks one event object, pushing `where: field: problem` messages; returns the item when clean. */
function checkEvent(value: unknown, where: string, problems: string[]): AppendItem | undefined {
  const bad = (field: string, what: string) => problems.push(`${where}: ${field}: ${what}`);
  if (!isObject(value)) {
    problems.push(
      `${where}: an event must be a JSON object {stream, type, time, data}, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!ALL_FIELDS.includes(key)) bad(key, `unknown field. ${didYouMean(key, ALL_FIELDS)}`);
  }
  checkEnvelope(value, bad);
  const { stream, type, time, data = {}, subject, id, meta, sv } = value;
  if (typeof stream !== 'string' || !STREAM.test(stream)) {
    bad(
      'stream',
      `${JSON.stringify(stream)} is not a stream: use pod/<uid>, node/<name>, secret/<ns>/<name>, configmap/<ns>/<name> or cluster`,
    );
  }
  if (typeof type !== 'string' || !TYPE.test(type)) {
    bad(
      'type',
      `${JSON.stringify(type)} is not an event type: use a lowercase dotted fact such as container.started`,
    );
  }
  const timeProblem = typeof time === 'string' ? rfc3339TimeProblem(time) : 'it is not a string';
  if (timeProblem !== undefined) {
    bad(
      'time',
      `${JSON.stringify(time)} is not an RFC 3339 time such as 2024-05-01T12:00:00.000Z (${timeProblem})`,
    );
  }
  if (!isObject(data)) bad('data', 'must be a JSON object (use {} for none)');
  if (subject !== undefined && typeof subject !== 'string')
    bad('subject', 'must be a string such as default/web');
  if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) {
    bad('id', `${JSON.stringify(id)} is not an id: letters, digits and ._:- only, at most 128 characters`);
  }
  if (meta !== undefined && !isObject(meta)) bad('meta', 'must be a JSON object');
  if (sv !== undefined && !(Number.isInteger(sv) && (sv as number) >= 1))
    bad('sv', 'must be an integer >= 1');
  if (problems.length > before) return undefined;
  const event: NewEvent = {
    type: type as string,
    time: time as string,
    data: data as Record<string, unknown>,
  };
  if (id !== undefined) event.id = id as string;
  if (sv !== undefined) event.sv = sv as number;
  if (subject !== undefined) event.subject = subject as string;
  if (meta !== undefined) event.meta = meta as Record<string, unknown>;
  const item: AppendItem = { stream: stream as string, event, where };
  if (Array.isArray(value.batch)) item.batchOf = value.batch[1] as number;
  return item;
}

/**
 * Parses and validates every input before anything is appended: each is one event object or an
 * array of them. Throws PodstateError('bad_input') listing every problem with where it is;
 * otherwise returns the inputs as groups to append atomically, in order.
 * `checkItem` is the hook for catalogue validation of `data`: return a problem or undefined.
 */
export function parseAppendInputs(
  sources: readonly AppendSource[],
  checkItem?: (item: AppendItem) => string | undefined,
): AppendGroup[] {
  const problems: string[] = [];
  const groups: AppendGroup[] = [];
  for (const source of sources) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(source.text);
    } catch (e) {
      problems.push(
        `${source.where}: not valid JSON (${(e as Error).message}); quote each event as one shell word, e.g. '{"stream":…}'`,
      );
      continue;
    }
    // The head marker of a copied log file (format 2) is no event: it is skipped.
    if (isObject(parsed) && parsed.podstate === 'head') continue;
    if (isObject(parsed) && typeof parsed.crc === 'string')
      checkLineCrc(source.text.trimEnd(), source.where, problems);
    const values = Array.isArray(parsed) ? parsed : [parsed];
    if (values.length === 0) problems.push(`${source.where}: an empty array appends nothing; remove it`);
    // Records of one atomic batch of a copied log stay one atomic append.
    const last = groups[groups.length - 1];
    const batch = isObject(parsed) ? (parsed.batch as [number, number] | undefined) : undefined;
    const continues =
      Array.isArray(batch) &&
      batch[0] > 0 &&
      last !== undefined &&
      last.length === batch[0] &&
      last[0]!.batchOf === batch[1] &&
      last[0]!.stream === (parsed as Record<string, unknown>).stream;
    let group: AppendGroup = continues ? groups.pop()! : [];
    values.forEach((v, i) => {
      const item = checkEvent(v, Array.isArray(parsed) ? `${source.where}: [${i}]` : source.where, problems);
      if (item === undefined) return;
      const problem = checkItem?.(item);
      if (problem !== undefined) {
        problems.push(`${item.where}: ${problem}`);
        return;
      }
      if (group.length > 0 && group[0]!.stream !== item.stream) {
        groups.push(group);
        group = [];
      }
      group.push(item);
    });
    if (group.length > 0) groups.push(group);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > 20) shown.push(`… and ${problems.length - 20} more`);
    throw new PodstateError('bad_input', `${shown.join('\n')}\nNothing was appended.`, { problems });
  }
  return groups;
}
