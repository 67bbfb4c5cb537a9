// Packs every workspace package as `npm publish` would, installs the tarballs into a scratch project
// as an embedder would (npm, --prefer-offline: the registry dependencies come from npm's cache when
// they are there), and runs each package README's example there: compiled by TypeScript under
// `strict` with `module`/`moduleResolution` `nodenext`, once as ESM (.mts → .mjs) and once as
// CommonJS (.cts → .cjs, which `require()`s the ESM packages), each run by node and compared with the
// output the README shows. The CLI README's commands run the installed `podstate` binary.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
const workspaces = rootPackage.workspaces;

interface PackedFile {
  path: string;
}
interface Packed {
  name: string;
  filename: string;
  files: PackedFile[];
}
interface Manifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  repository?: unknown;
  homepage?: unknown;
  bugs?: unknown;
  engines?: { node?: string };
  sideEffects?: unknown;
  publishConfig?: { access?: string };
  exports: Record<string, string | { types: string; default: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifest = (ws: string) => JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8')) as Manifest;

/** The fenced block after `<!-- marker -->` in a README. */
function block(readme: string, marker: string): string | undefined {
  const m = new RegExp(`<!-- ${marker} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(readme);
  return m?.[1];
}

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`,
    );
  return r.stdout;
};

let dir: string;
let scratch: string;
let packed: Packed[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'podstate-pack-'));
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  // `npm pack` runs each package's prepack (the build), as publishing does.
  const out = run(
    'npm',
    ['pack', '--json', '--pack-destination', tarballs, ...workspaces.flatMap((w) => ['-w', w])],
    root,
  );
  packed = JSON.parse(out.slice(out.indexOf('['))) as Packed[];
  scratch = join(dir, 'scratch');
  mkdirSync(scratch);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      ...packed.map((p) => join(tarballs, p.filename)),
    ],
    scratch,
  );
  // Every README example as an ES module and as a CommonJS module, type-checked (declarations of
  // the installed packages included) and compiled in one tsc run.
  const src = join(scratch, 'examples');
  mkdirSync(src);
  const files: string[] = [];
  for (const ws of libraries) {
    const name = ws.split('/').pop()!;
    const example = block(readFileSync(join(root, ws, 'README.md'), 'utf8'), 'readme-example')!;
    for (const ext of ['mts', 'cts']) {
      writeFileSync(join(src, `${name}.${ext}`), example);
      files.push(`${name}.${ext}`);
    }
  }
  writeFileSync(
    join(src, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        outDir: 'out',
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files,
    }),
  );
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', src], src);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm pack: every package is ready to publish', () => {
  it('packs every workspace package', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(workspaces.map((w) => manifest(w).name).sort());
  });

  it.each(workspaces)('%s: the tarball holds exactly the runtime files', (ws) => {
    const m = manifest(ws);
    const files = packed.find((p) => p.name === m.name)!.files.map((f) => f.path);
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|d\.ts)|bin\/[^/]+\.js)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    // Test helpers of the sources stay out (a test-only builder once shipped as kube/testStatuses.js).
    expect(files.filter((f) => /test/i.test(f.replace(/testing\//, '')))).toEqual([]);
    // Every entry point the package exports is in the tarball, with its types.
    for (const target of Object.values(m.exports)) {
      if (typeof target === 'string') {
        expect(files).toContain(target.replace(/^\.\//, ''));
        continue;
      }
      expect(files).toContain(target.default.replace(/^\.\//, ''));
      expect(files).toContain(target.types.replace(/^\.\//, ''));
    }
  });

  it.each(workspaces)('%s: the metadata a registry page and a bundler need', (ws) => {
    const m = manifest(ws);
    expect(m.description?.length).toBeGreaterThan(20);
    expect(m.license).toBe('Apache-2.0');
    // No public repository exists for podstate yet (the repository has no remote): a made-up URL
    // would send users to someone else's project, so the manifests name none (docs/decisions.md).
    expect([m.repository, m.homepage, m.bugs]).toEqual([undefined, undefined, undefined]);
    expect(m.engines?.node).toBe('>=20.19');
    expect(m.sideEffects).toBeDefined();
    expect(m.publishConfig?.access).toBe('public');
    expect(m.exports['./package.json']).toBe('./package.json');
  });

  it('versions are in lockstep and every internal dependency names that version', () => {
    const versions = new Set(workspaces.map((w) => manifest(w).version));
    expect(versions.size).toBe(1);
    const [version] = versions;
    for (const w of workspaces) {
      const m = manifest(w);
      for (const [name, range] of Object.entries(m.dependencies ?? {}))
        if (name.startsWith('@podstate/'))
          expect(`${m.name} → ${name}@${range}`).toBe(`${m.name} → ${name}@${version}`);
      // An optional peer (the CLI's PostgreSQL store) accepts the lockstep version.
      for (const [name, range] of Object.entries(m.peerDependencies ?? {}))
        if (name.startsWith('@podstate/')) expect(semver.satisfies(version!, range)).toBe(true);
    }
  });

  it('core needs neither fast-check nor vitest, unless its testing entries are used', () => {
    const core = manifest('packages/core');
    expect(core.dependencies).not.toHaveProperty('fast-check');
    expect(core.peerDependenciesMeta?.['fast-check']?.optional).toBe(true);
    expect(core.peerDependenciesMeta?.vitest?.optional).toBe(true);
    // Neither was installed into the scratch project, and these entries load without them.
    const script = `
      for (const e of ['@podstate/core', '@podstate/core/machines', '@podstate/core/invariants', '@podstate/projections', '@podstate/cli'])
        await import(e);
      await import('fast-check').then(() => console.log('fast-check present'), () => console.log('no fast-check'));
      await import('vitest').then(() => console.log('vitest present'), () => console.log('no vitest'));
      console.log(require('@podstate/core/package.json').name);`;
    const out = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${script}`,
      ],
      scratch,
    );
    // The CLI depends on fast-check itself (explore generates lifecycles), so it is installed here.
    expect(out).toContain('@podstate/core\n');
    expect(out).toContain('no vitest');
  });
});

/** Every declaration a package's sources mark `@internal`: `stripInternal` keeps them out of the d.ts. */
function internalNames(ws: string): string[] {
  const names: string[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory()
        ? walk(join(dir, d.name))
        : d.name.endsWith('.ts') && !d.name.includes('.test.')
          ? [join(dir, d.name)]
          : [],
    );
  for (const f of walk(join(root, ws, 'src'))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(
      /\/\*\*(?:(?!\*\/)[\s\S])*@internal(?:(?!\*\/)[\s\S])*\*\/\s*export (?:declare )?(?:async )?(?:function|const|let|class|interface|type|enum) (\w+)/g,
    ))
      names.push(m[1]!);
  }
  return names;
}

describe('internals stay out of the published declarations', () => {
  const dts = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? dts(join(dir, d.name)) : d.name.endsWith('.d.ts') ? [join(dir, d.name)] : [],
    );

  it('core marks its internal helpers @internal (macrostep, selectTransition, copyPod, slotOf, fsyncDir, the field-error helpers…)', () => {
    expect(internalNames('packages/core')).toEqual(
      expect.arrayContaining([
        'macrostep',
        'selectTransition',
        'copyPod',
        'slotOf',
        'fsyncDir',
        'invalid',
        'required',
      ]),
    );
    // The modules ship (the internal entry loads them at run time); only their declarations are stripped.
    const compile = join(scratch, 'node_modules/@podstate/core/dist/machines/compile');
    expect(readFileSync(`${compile}.js`, 'utf8')).toMatch(/export function macrostep\b/);
    expect(readFileSync(`${compile}.d.ts`, 'utf8')).not.toMatch(/\bmacrostep\b/);
  });

  it('every packed d.ts type-checks (strict, no skipLibCheck): nothing refers to a stripped name', () => {
    const files = workspaces.flatMap((ws) => dts(join(scratch, 'node_modules', manifest(ws).name, 'dist')));
    const check = join(dir, 'dts-check');
    mkdirSync(check, { recursive: true });
    writeFileSync(
      join(check, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
          // Modules of the store that no entry reaches name pg's types; an embedder of those
          // would install @types/pg (the entries themselves need no @types: the README example).
          paths: { pg: [join(root, 'node_modules/@types/pg/index.d.ts')] },
        },
        files,
      }),
    );
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', check], scratch);
    // One tsc over every packed d.ts: ~30 s alone, over 120 s on a loaded machine.
  }, 300_000);

  it.each(workspaces)('%s: no @internal name is declared in a packed d.ts', (ws) => {
    const names = new Set(internalNames(ws));
    const dir = join(scratch, 'node_modules', manifest(ws).name);
    const found: string[] = [];
    for (const f of dts(dir)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(
        /(?:function|const|let|class|interface|type|enum) (\w+)|export \{([^}]*)\}/g,
      )) {
        const declared = m[1]
          ? [m[1]]
          : m[2]!.split(',').map((n) =>
              n
                .trim()
                .split(/\s+as\s+/)
                .pop()!
                .replace(/^type /, ''),
            );
        for (const n of declared) if (names.has(n)) found.push(`${f.slice(dir.length + 1)}: ${n}`);
      }
    }
    expect(found).toEqual([]);
  });
});

const libraries = workspaces.filter((w) =>
  block(readFileSync(join(root, w, 'README.md'), 'utf8'), 'readme-example'),
);

describe('README examples run from the installed tarballs (ESM and CommonJS, TypeScript nodenext strict)', () => {
  it('every library package has an example', () => {
    expect(libraries).toEqual(
      expect.arrayContaining(['packages/core', 'packages/projections', 'packages/store-postgres']),
    );
  });

  it.each(libraries)(
    '%s: README example compiles under strict nodenext and prints what the README shows',
    async (ws) => {
      const readme = readFileSync(join(root, ws, 'README.md'), 'utf8');
      const expected = block(readme, 'readme-output')!;
      const name = ws.split('/').pop()!;
      const env: NodeJS.ProcessEnv = {};
      for (const kind of ['mjs', 'cjs']) {
        if (name === 'store-postgres') env.DATABASE_URL = await freshDatabase(`readme_${kind}`);
        const out = run('node', [join(scratch, 'examples', 'out', `${name}.${kind}`)], scratch, env);
        expect(`${kind}:\n${out}`).toBe(`${kind}:\n${expected}`);
      }
    },
  );

  it('packages/cli: the README commands run the installed podstate binary', () => {
    const readme = readFileSync(join(root, 'packages/cli/README.md'), 'utf8');
    const cwd = join(scratch, 'cli');
    mkdirSync(cwd, { recursive: true });
    for (const m of readme.matchAll(/<!-- readme-file: (\S+) -->\n```[a-z]*\n([\s\S]*?)```/g))
      writeFileSync(join(cwd, m[1]!), m[2]!);
    const commands = block(readme, 'readme-commands')!.trim().split('\n');
    let out = '';
    for (const c of commands)
      out = execFileSync('sh', ['-c', c], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, npm_config_offline: 'true' },
      });
    expect(out).toBe(block(readme, 'readme-output'));
  });
});

/** A new, empty database on the test run's PostgreSQL server; its URL. */
async function freshDatabase(name: string): Promise<string> {
  const url = new URL(inject('pgUrl'));
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}
