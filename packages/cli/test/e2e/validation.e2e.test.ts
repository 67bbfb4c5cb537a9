import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate } from './helpers.js';

// The cases of issue 11, through the real binary: each gives its documented exit code and message.
const pod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n';
const scenario = (steps: string) =>
  `${pod}---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  steps:\n${steps}`;
const T = '2026-01-01T00:00:00.000Z';

describe('validation at every entry (issue 11, e2e)', () => {
  it('a mistyped scenario event step exits 2 naming file, line and field; nothing is appended', () => {
    const cwd = makeTempDir();
    writeFileSync(
      join(cwd, 's.yaml'),
      scenario('  - {after: 1s, event: container.exited, container: app, exitcode: 1}\n'),
    );
    const r = podstate(['run', 's.yaml', '--log', 'e.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      's.yaml:14: spec.steps[0].exitcode: container.exited: unknown field (did you mean "exitCode"?)',
    );
    expect(() => statSync(join(cwd, 'e.jsonl'))).toThrow();
  });

  it('an unknown manifest field exits 2 in the API server wording; a negative grace period is a warning', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 'p.yaml'), `${pod}  containerz: []\n`);
    const r = podstate(['run', 'p.yaml', '--log', 'e.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.containerz"');
    writeFileSync(
      join(cwd, 'g.yaml'),
      pod.replace('spec:\n', 'spec:\n  terminationGracePeriodSeconds: -10\n'),
    );
    const g = podstate(['run', 'g.yaml', '--log', 'g.jsonl'], { cwd });
    expect(g.code).toBe(0);
    expect(g.stderr).toContain(
      'podstate: warning: g.yaml:1: spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    );
  });

  it('ordinary conditions never exit 70: a directory as --log, a missing directory, an alias, a huge duration, prototype keys, wrong types', () => {
    const cwd = makeTempDir();
    mkdirSync(join(cwd, 'adir'));
    expect(podstate(['get', 'pods', '--log', 'adir'], { cwd })).toMatchObject({ code: 2 });
    const m = podstate(
      [
        'append',
        '--log',
        'no/such/e.jsonl',
        JSON.stringify({ stream: 'cluster', type: 'clock.advanced', time: T }),
      ],
      { cwd },
    );
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('the directory');
    for (const [file, text, message] of [
      ['alias.yaml', 'name: *x\n', 'YAML: Unresolved alias'],
      [
        'huge.yaml',
        scenario('  - {after: 2400000000h}\n'),
        'is out of range: a duration is at most 2562047h',
      ],
      ['proto.yaml', `${pod}  __proto__: {x: 1}\n  toString: 1\n`, 'unknown field "spec.__proto__"'],
      [
        'nope.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: "nope"\n',
        'cannot unmarshal string into Go struct field PodSpec.spec.containers',
      ],
    ]) {
      writeFileSync(join(cwd, file!), text!);
      const r = podstate(['run', file!, '--log', 'e.jsonl'], { cwd });
      expect(r.code, file).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it('a binary file as --log is "not a podstate log" (exit 3) and is left as it was', () => {
    const cwd = makeTempDir();
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff]);
    writeFileSync(join(cwd, 'bin.jsonl'), bytes);
    const get = podstate(['get', 'pods', '--log', 'bin.jsonl'], { cwd });
    expect(get.code).toBe(3);
    expect(get.stderr).toContain('bin.jsonl is not a podstate log');
    const app = podstate(
      [
        'append',
        '--log',
        'bin.jsonl',
        JSON.stringify({ stream: 'cluster', type: 'clock.advanced', time: T }),
      ],
      { cwd },
    );
    expect(app.code).toBe(3);
    expect(readFileSync(join(cwd, 'bin.jsonl')).equals(bytes)).toBe(true);
  });

  it('the log is created 0600, and rerunning a crashed `append -f` of log lines completes it (idempotent retries)', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 'p.yaml'), pod);
    expect(podstate(['run', 'p.yaml', '--log', 'src.jsonl'], { cwd }).code).toBe(0);
    expect(statSync(join(cwd, 'src.jsonl')).mode & 0o777).toBe(0o600);
    const first = podstate(['append', '--log', 'dst.jsonl', '-f', 'src.jsonl'], { cwd });
    expect(first.code).toBe(0);
    const again = podstate(['append', '--log', 'dst.jsonl', '-f', 'src.jsonl'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    const records = (f: string) => readFileSync(join(cwd, f), 'utf8').split('\n').slice(1).join('\n');
    expect(records('dst.jsonl')).toBe(records('src.jsonl'));
  });

  it('Secret values are <redacted> in a failed env expectation unless --show-secrets', () => {
    const cwd = makeTempDir();
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2-topsecret}\n---\n${pod}    env:\n    - name: PASSWORD\n      valueFrom: {secretKeyRef: {name: db, key: password}}\n---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  steps:\n  - expect: {env: {app: {PASSWORD: wrong}}}\n`;
    writeFileSync(join(cwd, 's.yaml'), text);
    const r = podstate(['run', 's.yaml', '--log', 'a.jsonl'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ env.app.PASSWORD: expected "wrong", got "<redacted>"');
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    const shown = podstate(['run', 's.yaml', '--log', 'b.jsonl', '--show-secrets'], { cwd });
    expect(shown.stdout).toContain('hunter2-topsecret');
  });

  it('a password in a libpq key=value connection string is never printed', () => {
    const cwd = makeTempDir();
    const r = podstate(['get', 'pods', '--store', 'host=db user=u password=s3cr3t-pw dbname=d'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('s3cr3t-pw');
  });

  it('describe pod for a Pod in another namespace points there instead of suggesting the same name', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 'p.yaml'), pod.replace('{name: web}', '{name: aliased, namespace: shop}'));
    expect(podstate(['run', 'p.yaml', '--log', 'e.jsonl'], { cwd }).code).toBe(0);
    const r = podstate(['describe', 'pod', 'aliased', '--log', 'e.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('A Pod "aliased" exists in namespace shop: add -n shop.');
    expect(r.stderr).not.toContain('Did you mean');
  });

  it.runIf(process.getuid?.() === 0)(
    'a full disk during append exits 3 and leaves exactly the acknowledged records (a real 64 KiB tmpfs)',
    () => {
      const cwd = makeTempDir();
      const mnt = join(cwd, 'small');
      mkdirSync(mnt);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
      try {
        const log = join(mnt, 'e.jsonl');
        const first = podstate(
          [
            'append',
            '--log',
            log,
            JSON.stringify({
              stream: 'node/n1',
              type: 'node.registered',
              time: T,
              data: { node: 'n1', labels: {} },
            }),
          ],
          { cwd },
        );
        expect(first.code).toBe(0);
        const before = readFileSync(log);
        const big = {
          stream: 'configmap/default/big',
          type: 'configmap.applied',
          time: T,
          data: { name: 'big', data: { k: 'x'.repeat(200_000) } },
        };
        writeFileSync(join(cwd, 'big.jsonl'), `${JSON.stringify(big)}\n`);
        const r = podstate(['append', '--log', log, '-f', 'big.jsonl'], { cwd });
        expect(r.code).toBe(3);
        expect(r.stderr).toContain('no space left on device');
        expect(readFileSync(log).equals(before)).toBe(true);
        expect(podstate(['verify', '--log', log], { cwd }).code).toBe(0);
      } finally {
        execFileSync('umount', [mnt]);
      }
    },
  );
});
