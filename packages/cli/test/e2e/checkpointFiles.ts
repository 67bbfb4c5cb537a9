// Test helpers that write checkpoint files the way a buggy or foreign writer would: the body or
// header edited, with CRCs that are valid again.
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

function crcHex(bytes: Buffer): string {
  return crc32(bytes).toString(16).padStart(8, '0');
}

/** A header line with its `crc` recomputed (over the bytes before `,"crc":"`). */
export function headerWithCrc(header: Record<string, unknown>): string {
  const { crc: _, ...rest } = header;
  const open = JSON.stringify(rest).slice(0, -1);
  return `${open},"crc":"${crcHex(Buffer.from(open))}"}`;
}

/** Rewrites a checkpoint with `edit` applied to its header and body, its CRCs made valid again. */
export function rewriteCheckpoint(
  file: string,
  edit: (header: Record<string, unknown>, body: Record<string, unknown>) => void,
): void {
  const text = readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, nl)) as Record<string, unknown>;
  const body = JSON.parse(text.slice(nl + 1)) as Record<string, unknown>;
  edit(header, body);
  const bodyText = Buffer.from(JSON.stringify(body));
  header.bodyBytes = bodyText.length;
  header.body = crcHex(bodyText);
  writeFileSync(file, Buffer.concat([Buffer.from(`${headerWithCrc(header)}\n`), bodyText]));
}
