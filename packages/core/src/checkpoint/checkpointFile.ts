import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, crcHex } from '../log/crc32.js';
import { HEAD_BYTES, readHeadState } from '../log/headMarker.js';
import {
  crcOfRange,
  fileIdentity,
  type PrefixWitness,
  prefixCrc,
  readPrefixWitness,
  writePrefixWitness,
} from '../log/prefixWitness.js';

/**
 * A checkpoint file beside a JSONL log: `<log>.checkpoint-<seq>`. Line 1 is a header (one JSON
 * object, its own CRC-32 last, as in records), the rest is the body (any JSON the caller chose):
 *
 * `{"podstate":"checkpoint","format":1,"writer":"…","schema":"…","seq":N,"time":"…","firstTime":"…",`
 * `"start":128,"end":E,"first":"xxxxxxxx","prefix":"xxxxxxxx","bodyBytes":B,"body":"xxxxxxxx","crc":"xxxxxxxx"}`
 *
 * It is tied to the exact bytes of the log prefix it summarises: `end` is the byte offset just
 * after the record at `seq`, `prefix` the CRC-32 of the log's record bytes `[start, end)`, `first`
 * the CRC-32 of the first record's line (which log this is: a random event id is in it). It is
 * versioned with the code that wrote it (`writer`: the package and its version; `schema`: the
 * body's layout) and read back only by the same.
 */
export interface CheckpointHeader {
  podstate: 'checkpoint';
  format: 1;
  /** The code that wrote it, e.g. `podstate 0.1.0`: any other version ignores it. */
  writer: string;
  /** The body's layout, chosen by the caller: any other schema ignores it. */
  schema: string;
  /** The last record it summarises. */
  seq: number;
  /** That record's time (RFC 3339). */
  time: string;
  /** The first record's time (RFC 3339): `--at +5m` is counted from it. */
  firstTime: string;
  /** Byte offset of the log's first record (128 after a head marker, 0 in a format-1 log). */
  start: number;
  /** Byte offset just after the record at `seq`. */
  end: number;
  /** CRC-32 of the first record's line (newline included). */
  first: string;
  /** CRC-32 of the log's bytes `[start, end)`. */
  prefix: string;
  bodyBytes: number;
  /** CRC-32 of the body. */
  body: string;
}

/** The version a checkpoint must carry to be read: the writer's and the body's. */
export interface CheckpointVersion {
  writer: string;
  schema: string;
}

/** Where a checkpoint summarises its log: the record at `seq`, ending at byte `end`. */
export interface CheckpointPoint {
  seq: number;
  time: string;
  firstTime: string;
  end: number;
}

/** A checkpoint that passed every check, with its body parsed. */
export interface LoadedCheckpoint<T> {
  path: string;
  header: CheckpointHeader;
  body: T;
  /**
   * How its tie to the log's bytes was checked: `witness` (the log's prefix witness, unchanged
   * file, only the bytes between the two ends read) or `prefix` (the whole prefix read).
   */
  bound: 'witness' | 'prefix';
}

const FORMAT = 1;
const NAME = /\.checkpoint-(\d+)$/;
/** How many checkpoints are kept beside a log (the newest; older ones are removed on write). */
export const CHECKPOINTS_KEPT = 4;

let version: string | undefined;

/** This package's version (`@podstate/core`'s package.json), which checkpoints record. */
export function coreVersion(): string {
  // src/checkpoint/ (tests) and dist/checkpoint/ (builds) both sit two levels below package.json.
  version ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}

/** `<log>.checkpoint-<seq>`. */
export function checkpointPath(logPath: string, seq: number): string {
  return `${logPath}.checkpoint-${seq}`;
}

/** The checkpoints beside `logPath`, newest (highest seq) first. */
export function listCheckpoints(logPath: string): { path: string; seq: number }[] {
  const dir = dirname(logPath);
  const base = `${basename(logPath)}.checkpoint-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: { path: string; seq: number }[] = [];
  for (const n of names) {
    if (!n.startsWith(base)) continue;
    const m = NAME.exec(n);
    if (m === null || n.length !== base.length + m[1]!.length) continue;
    found.push({ path: join(dir, n), seq: Number(m[1]) });
  }
  return found.sort((a, b) => b.seq - a.seq);
}

/** CRC-32 of the first line at `start` (newline included), or undefined when there is none. */
function crcOfFirstLine(fd: number, start: number, end: number): string | undefined {
  let len = 4096;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(len, end - start));
    const got = readSync(fd, buf, 0, buf.length, start);
    const nl = buf.subarray(0, got).indexOf(0x0a);
    if (nl >= 0) return crcHex(zlibCrc32(buf.subarray(0, nl + 1)) >>> 0);
    if (got < buf.length || start + got >= end) return undefined;
    len *= 4;
  }
}

/** The header line's CRC: over the bytes before `,"crc":"`, as records and the head marker. */
function headerLine(h: CheckpointHeader): string {
  const s = JSON.stringify(h);
  const open = s.slice(0, -1);
  return `${open},"crc":"${crcHex(crc32(Buffer.from(open, 'utf8')))}"}`;
}

/** Byte offset of the first record: after the head marker in a format-2 log, 0 in a format-1 log. */
function recordsStart(fd: number): number {
  const state = readHeadState(fd, fstatSync(fd).size);
  return state.kind === 'legacy' ? 0 : HEAD_BYTES;
}

/**
 * Writes a checkpoint of `logPath` at `point` (beside the log, written aside and renamed into
 * place, synced), tied to the log's bytes up to `point.end`, and removes all but the newest
 * {@link CHECKPOINTS_KEPT}. `from` (an earlier checkpoint that was checked against these same
 * bytes) saves reading the prefix again: only the bytes after it are read. Returns the path.
 */
export function writeCheckpoint(
  logPath: string,
  point: CheckpointPoint,
  body: unknown,
  version: CheckpointVersion,
  from?: CheckpointHeader,
): string {
  const fd = openSync(logPath, 'r');
  let header: CheckpointHeader;
  try {
    const start = recordsStart(fd);
    const first = crcOfFirstLine(fd, start, point.end);
    if (first === undefined) throw new Error(`${logPath} has no record to checkpoint`);
    const resume = from !== undefined && from.start === start && from.end <= point.end ? from : undefined;
    const before = fileIdentity(fd);
    const prefix = resume
      ? crcOfRange(fd, resume.end, point.end, Number.parseInt(resume.prefix, 16))
      : prefixCrc(fd, start, point.end, readPrefixWitness(logPath, fd));
    // Read here and unchanged while read: they are the witness for the next reader. (A prefix
    // continued from `from` was checked by an earlier read, so it vouches for nothing new.)
    if (!resume && fileIdentity(fd) === before)
      writePrefixWitness(logPath, fd, { start, end: point.end, crc: prefix }, before);
    const bodyText = Buffer.from(JSON.stringify(body), 'utf8');
    header = {
      podstate: 'checkpoint',
      format: FORMAT,
      writer: version.writer,
      schema: version.schema,
      seq: point.seq,
      time: point.time,
      firstTime: point.firstTime,
      start,
      end: point.end,
      first,
      prefix: crcHex(prefix),
      bodyBytes: bodyText.length,
      body: crcHex(zlibCrc32(bodyText) >>> 0),
    };
    const target = checkpointPath(logPath, point.seq);
    const tmp = `${target}.tmp-${process.pid}`;
    const out = openSync(tmp, 'w', 0o600); // 0600: the body holds Secret data, as the log does
    try {
      writeSync(out, `${headerLine(header)}\n`);
      writeSync(out, bodyText);
      fsyncSync(out);
    } catch (e) {
      closeSync(out);
      rmSync(tmp, { force: true });
      throw e;
    }
    closeSync(out);
    try {
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    for (const old of listCheckpoints(logPath).slice(CHECKPOINTS_KEPT)) rmSync(old.path, { force: true });
    return target;
  } finally {
    closeSync(fd);
  }
}

/** Why a checkpoint was not used (the warning's text after its file name). */
export type CheckpointProblem = string;

/** Reads a checkpoint's header line (with its CRC checked), or says what is wrong with it. */
function readHeader(
  path: string,
): { header: CheckpointHeader; fd: number; bodyAt: number } | CheckpointProblem {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return `cannot be read (${(e as Error).message})`;
  }
  const fail = (why: string): CheckpointProblem => {
    closeSync(fd);
    return why;
  };
  const buf = Buffer.allocUnsafe(4096);
  const got = readSync(fd, buf, 0, buf.length, 0);
  const nl = buf.subarray(0, got).indexOf(0x0a);
  if (nl < 0) return fail('is damaged (no header line)');
  const line = buf.toString('utf8', 0, nl);
  const at = line.lastIndexOf(',"crc":"');
  if (at < 0 || !line.endsWith('"}') || line.length !== at + 18)
    return fail('is damaged (its header has no CRC)');
  if (crcHex(crc32(Buffer.from(line.slice(0, at), 'utf8'))) !== line.slice(at + 8, at + 16))
    return fail('is damaged (its header does not match its CRC)');
  try {
    return { header: JSON.parse(line) as CheckpointHeader, fd, bodyAt: nl + 1 };
  } catch {
    return fail('is damaged (its header is not JSON)');
  }
}

/**
 * Checks one checkpoint file against the log open on `fd` (its records start at `start`, and
 * `limit` bytes of it are acknowledged): header CRC, format, version, then (if `accept` takes it)
 * the body's CRC and the tie to the log's bytes. Returns the header and body text, `undefined`
 * when `accept` declines it, or the problem.
 */
function checkOne(
  path: string,
  seq: number,
  fd: number,
  start: number,
  limit: number,
  options: FindCheckpointOptions,
  witness: PrefixWitness | undefined,
): { header: CheckpointHeader; body: string; bound: 'witness' | 'prefix' } | CheckpointProblem | undefined {
  const read = readHeader(path);
  if (typeof read === 'string') return read;
  const { header, fd: cfd, bodyAt } = read;
  let body: Buffer;
  try {
    const version = options.version;
    if (header.podstate !== 'checkpoint' || header.format !== FORMAT)
      return `has format ${String(header.format)}; this podstate reads format ${FORMAT}`;
    if (header.writer !== version.writer || header.schema !== version.schema) {
      return (
        `was written by ${String(header.writer)} (schema ${String(header.schema)}); this is ` +
        `${version.writer} (schema ${version.schema}), which reads only its own`
      );
    }
    if (header.seq !== seq) return `says seq ${String(header.seq)}, not the seq its name says`;
    if (options.accept && !options.accept(header)) return undefined;
    const size = fstatSync(cfd).size;
    if (size - bodyAt !== header.bodyBytes) return 'is damaged (its body is not as long as its header says)';
    body = Buffer.allocUnsafe(header.bodyBytes);
    for (let pos = 0; pos < body.length; ) {
      const got = readSync(cfd, body, pos, body.length - pos, bodyAt + pos);
      if (got === 0) return 'is damaged (its body is cut short)';
      pos += got;
    }
  } finally {
    closeSync(cfd);
  }
  if (crcHex(zlibCrc32(body) >>> 0) !== header.body) return 'is damaged (its body does not match its CRC)';
  if (header.start !== start) {
    return `is stale: it summarises a log whose records start at byte ${header.start}, this one's start at byte ${start} (the log was rewritten)`;
  }
  if (header.end > limit) {
    return `is stale: it summarises seq ${header.seq} ending at byte ${header.end}, but the log ends at byte ${limit} (truncated or rewritten)`;
  }
  if (crcOfFirstLine(fd, start, limit) !== header.first)
    return 'is foreign: its first record is not this log’s (a checkpoint of another log)';
  let bound: 'witness' | 'prefix' = 'prefix';
  if (witness !== undefined && witness.start === start && witness.end <= limit) {
    // The witness vouches for [start, witness.end) of this very file: continue one CRC into the
    // other across the bytes between the two ends (exact: see prefixWitness.ts).
    const mine = Number.parseInt(header.prefix, 16);
    const ok =
      header.end <= witness.end
        ? crcOfRange(fd, header.end, witness.end, mine) === witness.crc
        : crcOfRange(fd, witness.end, header.end, witness.crc) === mine;
    if (ok) bound = 'witness';
  }
  // No witness, or it disagrees: the prefix itself decides.
  if (bound === 'prefix' && crcHex(crcOfRange(fd, start, header.end)) !== header.prefix) {
    return `is stale: the log's bytes up to seq ${header.seq} are not the ones it summarises (the log was rewritten or edited)`;
  }
  return { header, body: body.toString('utf8'), bound };
}

/** Which checkpoints a read may start from. */
export interface FindCheckpointOptions {
  version: CheckpointVersion;
  /** Only a checkpoint whose `accept(header)` is true (e.g. at or before `--at`). */
  accept?: (header: CheckpointHeader) => boolean;
  /** Told, for each checkpoint ignored, which one and why. */
  warn: (message: string) => void;
}

/**
 * The newest checkpoint of `logPath` that passes every check (CRC of header and body, format,
 * writer and schema, tied to the log's current acknowledged bytes) and that `accept` takes.
 * Every checkpoint that fails a check is ignored with a warning naming the file and the reason;
 * one `accept` declines (later than `--at`) is skipped silently. Checking costs reading the
 * checkpoint plus, when the log's prefix witness applies (the file unchanged since a writer or a
 * checkpoint vouched for it), a CRC-32 of the bytes between the checkpoint's end and the
 * witness's; otherwise one CRC-32 pass over the log's prefix (about 4 GB/s).
 */
export function findCheckpoint<T>(
  logPath: string,
  options: FindCheckpointOptions,
): LoadedCheckpoint<T> | undefined {
  const candidates = listCheckpoints(logPath);
  if (candidates.length === 0) return undefined;
  let fd: number;
  try {
    fd = openSync(logPath, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const state = readHeadState(fd, size);
    if (state.kind === 'bad' || state.kind === 'new') return undefined;
    const start = state.kind === 'legacy' ? 0 : HEAD_BYTES;
    const limit = state.kind === 'head' ? Math.min(state.head.end, size) : size;
    const witness = readPrefixWitness(logPath, fd);
    for (const c of candidates) {
      const checked = checkOne(c.path, c.seq, fd, start, limit, options, witness);
      if (checked === undefined) continue;
      if (typeof checked === 'string') {
        options.warn(
          `checkpoint ${basename(c.path)} ${checked}; ignored (never trusted), replaying from an earlier one or the start`,
        );
        continue;
      }
      return {
        path: c.path,
        header: checked.header,
        body: JSON.parse(checked.body) as T,
        bound: checked.bound,
      };
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
