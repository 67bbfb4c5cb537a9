import {
  type BigIntStats,
  fstatSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';

/**
 * The prefix witness, `<log>.prefix-crc`: one line saying "while the log file had this identity
 * (device, inode, size, mtime and ctime to the nanosecond), the CRC-32 of its bytes
 * `[start, end)` was `prefix`". A checkpoint reader that finds the log's identity unchanged checks
 * a checkpoint's prefix CRC against it by reading only the bytes between the checkpoint's end and
 * the witness's end (CRC-32 continues: crc(A‖B) is crc(B) seeded with crc(A), and for a fixed B
 * that map is one-to-one, so the check holds exactly when the checkpoint's CRC is the CRC of the
 * file's `[start, its end)`), instead of reading the whole prefix. Any other identity — any write,
 * truncation, rename over, copy — makes the witness not apply, and the reader reads the prefix.
 *
 * Written (tmp + rename, not fsynced: it is a cache; its own CRC catches a torn one) by the writer
 * at close, from the CRC it carried over what it verified at open and what it wrote since, and by
 * writeCheckpoint after a prefix it read did not change while it read it. Only beside a log that
 * has checkpoints. See docs/decisions.md, "Checkpoints bound by a prefix witness".
 */
export interface PrefixWitness {
  /** Byte offset of the first record (128 after a head marker, 0 in a format-1 log). */
  start: number;
  /** End of the bytes it vouches for. */
  end: number;
  /** CRC-32 of the log's bytes `[start, end)`. */
  crc: number;
}

const CHUNK = 1 << 22;
const LINE =
  /^(\{"podstate":"prefix-crc","format":1,"file":"(\d+:\d+:\d+:\d+:\d+)","start":(\d+),"end":(\d+),"prefix":"([0-9a-f]{8})"),"crc":"([0-9a-f]{8})"\}\n$/;

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** `<log>.prefix-crc`. */
export function witnessPath(logPath: string): string {
  return `${logPath}.prefix-crc`;
}

/** The file's identity: any write, truncation or replacement changes it. */
function identity(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** The log file's identity now (`fstat` to the nanosecond). */
export function fileIdentity(fd: number): string {
  return identity(fstatSync(fd, { bigint: true }));
}

/** True when some `<log>.checkpoint-<seq>` lies beside the log (only then is a witness worth keeping). */
export function hasCheckpoints(logPath: string): boolean {
  const base = `${basename(logPath)}.checkpoint-`;
  try {
    return readdirSync(dirname(logPath)).some(
      (n) => n.startsWith(base) && /^\d+$/.test(n.slice(base.length)),
    );
  } catch {
    return false;
  }
}

/** CRC-32 of `fd`'s bytes `[from, to)`, continuing `seed` (zlib's, hardware-assisted). */
export function crcOfRange(fd: number, from: number, to: number, seed = 0): number {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, to - from)));
  let c = seed;
  for (let pos = from; pos < to; ) {
    const got = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
    if (got === 0) throw new Error(`the log ends at byte ${pos}, before byte ${to}`);
    c = zlibCrc32(got === buf.length ? buf : buf.subarray(0, got), c);
    pos += got;
  }
  return c >>> 0;
}

/**
 * Writes the witness of the log open on `fd` with identity `id` (default: now). Best effort: a
 * witness that cannot be written only means the next reader reads the prefix.
 */
export function writePrefixWitness(
  logPath: string,
  fd: number,
  w: PrefixWitness,
  id = fileIdentity(fd),
): void {
  const s = `{"podstate":"prefix-crc","format":1,"file":"${id}","start":${w.start},"end":${w.end},"prefix":"${hex(w.crc)}"`;
  const target = witnessPath(logPath);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${s},"crc":"${hex(zlibCrc32(s))}"}\n`, { mode: 0o600 });
    renameSync(tmp, target);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** The witness beside `logPath`, if it is intact and the log open on `fd` is still the file it describes. */
export function readPrefixWitness(logPath: string, fd: number): PrefixWitness | undefined {
  let text: string;
  try {
    text = readFileSync(witnessPath(logPath), 'latin1');
  } catch {
    return undefined;
  }
  const m = LINE.exec(text);
  if (m === null || hex(zlibCrc32(m[1]!)) !== m[6]) return undefined;
  if (m[2] !== fileIdentity(fd)) return undefined;
  return { start: Number(m[3]), end: Number(m[4]), crc: Number.parseInt(m[5]!, 16) };
}

/**
 * The CRC-32 of `[start, end)` of the log open on `fd`, from its witness when the witness
 * applies (reading only the bytes between the two ends), else by reading the range.
 */
export function prefixCrc(
  fd: number,
  start: number,
  end: number,
  witness: PrefixWitness | undefined,
): number {
  if (witness !== undefined && witness.start === start && witness.end <= end)
    return crcOfRange(fd, witness.end, end, witness.crc);
  return crcOfRange(fd, start, end);
}
