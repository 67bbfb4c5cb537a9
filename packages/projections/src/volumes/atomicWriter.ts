import { formatRFC3339 } from '../kube/time.js';
import type { FileProjection } from './makePayload.js';
import { cleanPath } from './volumePayload.js';

const maxPathLength = 4096;
const maxFileNameLength = 255;
const utf8Len = (s: string) => new TextEncoder().encode(s).length;

/**
 * The kubelet's atomic_writer validatePath: the error text for a payload path the writer refuses,
 * or undefined. These fail at mount time (FailedMount), not at API validation. Pure.
 */
export function validatePath(targetPath: string): string | undefined {
  if (targetPath === '') return 'invalid path: must not be empty: ""';
  if (targetPath.startsWith('/')) return `invalid path: must be relative path: ${targetPath}`;
  if (utf8Len(targetPath) > maxPathLength) {
    return `invalid path: must be less than or equal to ${maxPathLength} characters`;
  }
  const items = targetPath.split('/');
  for (const item of items) {
    if (item === '..') return `invalid path: must not contain '..': ${targetPath}`;
    if (utf8Len(item) > maxFileNameLength) {
      return `invalid path: filenames must be less than or equal to ${maxFileNameLength} characters`;
    }
  }
  const first = items[0] ?? '';
  if (first.startsWith('..') && first.length > 2)
    return `invalid path: must not start with '..': ${targetPath}`;
  return undefined;
}

/** What the atomic writer has put in a volume directory. */
export interface AtomicState {
  /** How many payload directories have been written (1 for the first). */
  generation: number;
  /** `..YYYY_MM_DD_HH_MM_SS.<suffix>`, the directory `..data` points at. */
  dataDir: string;
  writtenAt: number;
  /** The cleaned payload the data directory holds. */
  files: ReadonlyMap<string, FileProjection>;
}

/** One entry of the volume directory as `ls -laR` would list it, relative to the volume root. */
export type DirEntry =
  | { path: string; type: 'symlink'; target: string }
  | { path: string; type: 'dir'; mode: number }
  | { path: string; type: 'file'; mode: number; bytes: Uint8Array; sensitive?: boolean };

/**
 * newTimestampDir's name: `..` + UTC `2006_01_02_15_04_05` + `.` + a suffix. Upstream's suffix is
 * MkdirTemp's random number; here it is an FNV-1a hash of the instant and generation, so replays
 * give the same name.
 */
export function timestampDirName(writtenAt: number, generation: number): string {
  // formatRFC3339 gives `2006-01-02T15:04:05Z` (UTC, no clock read): its digits, `_`-separated.
  const stamp = formatRFC3339(writtenAt).slice(0, 19).replace(/[-T:]/g, '_');
  let hash = 0x811c9dc5;
  for (const ch of `${writtenAt}/${generation}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `..${stamp}.${hash}`;
}

/** validatePayload: every path validated, then cleaned (`foo////bar` → `foo/bar`). */
export function cleanPayload(
  files: ReadonlyMap<string, FileProjection>,
): { files: Map<string, FileProjection> } | { error: string } {
  const out = new Map<string, FileProjection>();
  for (const k of [...files.keys()].sort()) {
    const err = validatePath(k);
    if (err) return { error: err };
    const f = files.get(k);
    if (f) out.set(cleanPath(k), f);
  }
  return { files: out };
}

/** The first-path-component symlinks createUserVisibleFiles makes (`foo/bar` → only `foo`). */
export function userVisibleNames(files: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...files.keys()].map((p) => p.split('/')[0] ?? p))].sort();
}

/**
 * The directory listing of a volume after one atomic write of `payload` at `writtenAt`: the
 * timestamped data dir (0755, subdirectories 0755 after umask) holding the files at their exact
 * modes, `..data` → that dir, and one symlink per first path component → `..data/<component>`. Pure.
 */
export function atomicLayout(
  payload: ReadonlyMap<string, FileProjection>,
  writtenAt: number,
  generation: number,
): { state: AtomicState; listing: DirEntry[] } | { error: string } {
  const clean = cleanPayload(payload);
  if ('error' in clean) return clean;
  const state: AtomicState = {
    generation,
    dataDir: timestampDirName(writtenAt, generation),
    writtenAt,
    files: clean.files,
  };
  return { state, listing: listAtomicState(state) };
}

/** The listing of a written state (see {@link atomicLayout}). Pure. */
export function listAtomicState(state: AtomicState): DirEntry[] {
  const entries: DirEntry[] = [
    { path: '..data', type: 'symlink', target: state.dataDir },
    { path: state.dataDir, type: 'dir', mode: 0o755 },
  ];
  const dirs = new Set<string>();
  for (const [p, f] of state.files) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    entries.push({
      path: `${state.dataDir}/${p}`,
      type: 'file',
      mode: f.mode,
      bytes: f.bytes,
      ...(f.sensitive ? { sensitive: true } : {}),
    });
  }
  for (const d of dirs) entries.push({ path: `${state.dataDir}/${d}`, type: 'dir', mode: 0o755 });
  for (const name of userVisibleNames(state.files))
    entries.push({ path: name, type: 'symlink', target: `..data/${name}` });
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** pathsToRemove: old files and dirs that are neither a new path nor an ancestor of one. */
export function pathsToRemove(
  old: ReadonlyMap<string, unknown>,
  next: ReadonlyMap<string, unknown>,
): string[] {
  const existing = new Set<string>();
  for (const p of old.keys()) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) existing.add(parts.slice(0, i).join('/'));
  }
  for (const p of next.keys()) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) existing.delete(parts.slice(0, i).join('/'));
  }
  return [...existing].sort();
}

/**
 * One AtomicWriter.Write of `next` at `t` over `prev`: when no file's bytes differ and nothing is
 * to be removed (shouldWritePayload), nothing is written and the state stays as it was, even if
 * modes changed; otherwise a new timestamped dir replaces the old one in one `..data` swap. Pure.
 */
export function atomicUpdate(
  prev: AtomicState | undefined,
  next: ReadonlyMap<string, FileProjection>,
  t: number,
): { state: AtomicState; written: boolean; removed: string[] } | { error: string } {
  const clean = cleanPayload(next);
  if ('error' in clean) return clean;
  if (prev) {
    const removed = pathsToRemove(prev.files, clean.files);
    const changed = [...clean.files].some(([p, f]) => {
      const old = prev.files.get(p);
      return !old || !sameBytes(old.bytes, f.bytes);
    });
    if (!changed && removed.length === 0) return { state: prev, written: false, removed: [] };
    const generation = prev.generation + 1;
    return {
      state: { generation, dataDir: timestampDirName(t, generation), writtenAt: t, files: clean.files },
      written: true,
      removed,
    };
  }
  return {
    state: { generation: 1, dataDir: timestampDirName(t, 1), writtenAt: t, files: clean.files },
    written: true,
    removed: [],
  };
}
