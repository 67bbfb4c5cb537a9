import { describe, expect, it } from 'vitest';
import {
  atomicLayout,
  atomicUpdate,
  pathsToRemove,
  timestampDirName,
  userVisibleNames,
  validatePath,
} from './atomicWriter.js';
import type { FileProjection } from './makePayload.js';

const enc = new TextEncoder();
const payload = (o: Record<string, string>, mode = 0o644) =>
  new Map<string, FileProjection>(Object.entries(o).map(([k, v]) => [k, { mode, bytes: enc.encode(v) }]));

// TestValidatePath (pkg/volume/util/atomic_writer_test.go)
describe('atomic_writer validatePath', () => {
  let maxPath = '';
  while (maxPath.length + 201 < 4096) maxPath += `${'a'.repeat(200)}/`;
  maxPath += 'a'.repeat(4096 - maxPath.length);
  it.each([
    ['valid 1', 'i/am/well/behaved.txt', undefined],
    ['valid 2', 'keepyourheaddownandfollowtherules.txt', undefined],
    ['max path length', maxPath, undefined],
    ['max file length', 'a'.repeat(255), undefined],
    ['absolute failure', '/dev/null', 'invalid path: must be relative path: /dev/null'],
    ['reserved path', '..sneaky.txt', "invalid path: must not start with '..': ..sneaky.txt"],
    [
      'contains doubledot 1',
      'hello/there/../../../../../../etc/passwd',
      "invalid path: must not contain '..': hello/there/../../../../../../etc/passwd",
    ],
    [
      'contains doubledot 2',
      'hello/../etc/somethingbad',
      "invalid path: must not contain '..': hello/../etc/somethingbad",
    ],
    ['empty', '', 'invalid path: must not be empty: ""'],
    ['too long path', `${maxPath}a`, 'invalid path: must be less than or equal to 4096 characters'],
    [
      'too long file',
      'a'.repeat(256),
      'invalid path: filenames must be less than or equal to 255 characters',
    ],
  ])('validatePath: %s', (_n, p, want) => {
    expect(validatePath(p)).toBe(want);
  });
});

// TestPathsToRemove (pkg/volume/util/atomic_writer_test.go)
describe('atomic_writer pathsToRemove', () => {
  it.each([
    ['simple', ['foo.txt', 'bar.txt'], ['foo.txt'], ['bar.txt']],
    ['simple 2', ['foo.txt', 'zip/bar.txt'], ['foo.txt'], ['zip', 'zip/bar.txt']],
    ['subdirs 1', ['foo.txt', 'zip/zap/bar.txt'], ['foo.txt'], ['zip', 'zip/zap', 'zip/zap/bar.txt']],
    [
      'subdirs 2',
      ['foo.txt', 'zip/1/2/3/4/bar.txt'],
      ['foo.txt'],
      ['zip', 'zip/1', 'zip/1/2', 'zip/1/2/3', 'zip/1/2/3/4', 'zip/1/2/3/4/bar.txt'],
    ],
    ['added 1', ['foo.txt', 'bar.txt'], ['foo.txt', 'bar.txt', 'baz.txt'], []],
    ['added 2', ['foo.txt', 'zip/bar.txt'], ['foo.txt', 'zip/bar.txt', 'zap/bar.txt'], []],
  ])('pathsToRemove: %s', (_n, a, b, want) => {
    const m = (ks: string[]) => new Map(ks.map((k) => [k, 1]));
    expect(pathsToRemove(m(a), m(b))).toEqual(want);
  });
});

describe('atomic_writer layout', () => {
  it('createUserVisibleFiles: one symlink per first path component (TestCreateUserVisibleFiles)', () => {
    expect(userVisibleNames(payload({ 'foo/bar': 'x', 'foo/bar/txt': 'y', 'bar/txt': 'z' }))).toEqual([
      'bar',
      'foo',
    ]);
  });

  it('newTimestampDir: ..YYYY_MM_DD_HH_MM_SS.<suffix> in UTC', () => {
    expect(timestampDirName(Date.UTC(2024, 0, 2, 15, 4, 5), 1)).toMatch(/^\.\.2024_01_02_15_04_05\.\d+$/);
    expect(timestampDirName(951_782_400_000 + 86_399_000, 3)).toMatch(/^\.\.2000_02_29_23_59_59\./);
  });

  it('Write: ..data → timestamped dir, files at exact modes, subdirectories 0755, top-level links', () => {
    const r = atomicLayout(
      payload({ 'a.txt': 'A', 'dir/b.txt': 'B', './c': 'C', 'x////y': 'Y' }, 0o400),
      0,
      1,
    );
    if ('error' in r) throw new Error(r.error);
    const d = r.state.dataDir;
    expect(
      r.listing.map((e) => [
        e.path,
        e.type,
        'mode' in e ? e.mode.toString(8) : e.type === 'symlink' ? e.target : '',
      ]),
    ).toEqual(
      [
        [`..1970_01_01_00_00_00.${d.split('.').at(-1)}`, 'dir', '755'],
        [`${d}/a.txt`, 'file', '400'],
        [`${d}/c`, 'file', '400'],
        [`${d}/dir`, 'dir', '755'],
        [`${d}/dir/b.txt`, 'file', '400'],
        [`${d}/x`, 'dir', '755'],
        [`${d}/x/y`, 'file', '400'],
        ['..data', 'symlink', d],
        ['a.txt', 'symlink', '..data/a.txt'],
        ['c', 'symlink', '..data/c'],
        ['dir', 'symlink', '..data/dir'],
        ['x', 'symlink', '..data/x'],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
  });

  it('Write: an invalid payload path fails the whole write', () => {
    expect(atomicLayout(payload({ ok: '1', '../escape': '2' }), 0, 1)).toEqual({
      error: "invalid path: must not contain '..': ../escape",
    });
  });

  it('shouldWritePayload: a mode-only change is not written', () => {
    const first = atomicUpdate(undefined, payload({ k: 'v' }, 0o644), 0);
    if ('error' in first) throw new Error(first.error);
    const second = atomicUpdate(first.state, payload({ k: 'v' }, 0o400), 1000);
    expect(second).toEqual({ state: first.state, written: false, removed: [] });
  });

  it('Write: changed bytes swap the whole set and removed keys disappear', () => {
    const first = atomicUpdate(undefined, payload({ a: '1', b: '2' }), 0);
    if ('error' in first) throw new Error(first.error);
    const second = atomicUpdate(first.state, payload({ a: '1' }), 5000);
    if ('error' in second) throw new Error(second.error);
    expect(second.written).toBe(true);
    expect(second.removed).toEqual(['b']);
    expect([...second.state.files.keys()]).toEqual(['a']);
    expect(second.state.generation).toBe(2);
    expect(second.state.dataDir).not.toBe(first.state.dataDir);
  });
});
