import { parseDuration } from '@podstate/scenario/views';
import type { CommandOption } from '../command.js';

/**
 * A point of the log to replay up to: a seq, an absolute time (ms), or a duration (ms) from the
 * log's first event; `text` is the value as typed, for messages.
 */
export type AtPoint = ({ seq: number } | { time: number } | { offset: number }) & { text: string };

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses `--at`: `42` (a seq), `2026-01-01T00:05:00Z` (RFC 3339) or `5m` (a duration from the
 * log's first event). Throws an Error saying what is accepted (the CLI makes it exit 2).
 */
export function parseAt(value: string): AtPoint {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { seq: Number(text), text };
  if (RFC3339.test(text)) {
    const time = Date.parse(text);
    if (!Number.isNaN(time)) return { time, text };
  }
  const d = parseDuration(text);
  if ('ms' in d) return { offset: d.ms, text };
  throw new Error(
    `${JSON.stringify(value)} is not a seq, an RFC 3339 time or a duration: use e.g. --at 42, --at 2026-01-01T00:05:00Z or --at 5m (from the log's first event)`,
  );
}

/** `--at <point>`: time travel for the read-only views. */
export const atOption: CommandOption = {
  flags: '--at <point>',
  description:
    "show the state at a point of the log: a seq (42), an RFC 3339 time (2026-01-01T00:05:00Z) or a duration from the log's first event (5m)",
  parse: (value) => parseAt(value),
};
