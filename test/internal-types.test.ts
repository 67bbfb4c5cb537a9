// podstate's own packages compile against core's declarations with its @internal names
// (packages/core/tsconfig.internal.json emits them to dist-internal/, never packed), while the
// published d.ts (dist/) strip them. tsconfig.base.json maps every core entry to its dist-internal
// twin; an entry left out would resolve to the stripped d.ts and split each core type in two.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('core’s @internal names: stripped from the published d.ts, visible to podstate’s own builds', () => {
  const base = ts.parseConfigFileTextToJson('tsconfig.base.json', read('tsconfig.base.json'));
  const paths = base.config.compilerOptions.paths as Record<string, string[]>;
  const exportsMap = JSON.parse(read('packages/core/package.json')).exports as Record<
    string,
    string | { types: string }
  >;

  it('maps every entry of @podstate/core to the dist-internal twin of its declarations', () => {
    const expected = Object.fromEntries(
      Object.entries(exportsMap)
        .filter(([, t]) => typeof t !== 'string')
        .map(([sub, t]) => [
          sub === '.' ? '@podstate/core' : `@podstate/core/${sub.slice(2)}`,
          [`./packages/core/${(t as { types: string }).types.slice(2).replace(/^dist\//, 'dist-internal/')}`],
        ]),
    );
    expect(paths).toEqual(expected);
  });

  it('the internal build keeps what the published one strips (crc32, fnv1a, nearest, jsonEqual, snapshotEngine)', () => {
    const internal = ts.parseConfigFileTextToJson(
      'tsconfig.internal.json',
      read('packages/core/tsconfig.internal.json'),
    ).config;
    expect(internal.compilerOptions).toMatchObject({ stripInternal: false, outDir: 'dist-internal' });
    expect(JSON.parse(read('packages/core/package.json')).files).not.toContain('dist-internal');
    for (const [file, name] of [
      ['log/crc32', 'crc32'],
      ['engine/podIP', 'fnv1a'],
      ['events/suggest', 'nearest'],
      ['jsonEqual', 'jsonEqual'],
      ['engine/snapshot', 'snapshotEngine'],
    ] as const) {
      const src = read(`packages/core/src/${file}.ts`);
      expect(src, name).toMatch(
        new RegExp(`@internal[\\s\\S]*?\\*/\\s*export (?:function|const) ${name}\\b`),
      );
      const published = read(`packages/core/dist/${file}.d.ts`).replace(/\/\/# sourceMappingURL=.*/, '');
      expect(published, name).not.toMatch(new RegExp(`\\b${name}\\b`));
      expect(read(`packages/core/dist-internal/${file}.d.ts`), name).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});
