import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate } from './helpers.js';

// The projected-volume example holds a Secret (username admin, password s3cr3t). No output format
// of any command may show a Secret value, raw or base64, unless --show-secrets is given.
const example = join(new URL('.', import.meta.url).pathname, '../../../../examples/projected-volume.yaml');
const SECRET_FORMS = ['s3cr3t', 'czNjcjN0', 'YWRtaW4='];

describe('Secrets stay secret (e2e)', () => {
  const cwd = makeTempDir();
  const run = podstate(['run', example, '--log', 'pv.jsonl'], { cwd });

  it('run prints no Secret value', () => {
    expect(run.code).toBe(0);
    for (const s of SECRET_FORMS) expect(run.stdout + run.stderr).not.toContain(s);
  });

  const outputs: string[][] = [
    ['get', 'pods'],
    ['get', 'pods', '-o', 'wide'],
    ['get', 'pods', '-o', 'json'],
    ['get', 'pods', '-o', 'yaml'],
    ['status', 'projected'],
    ['status', 'projected', '-o', 'yaml'],
    ['describe', 'pod', 'projected'],
    ['mounts', 'projected'],
    ['mounts', 'projected', '-o', 'tree'],
    ['mounts', 'projected', '-o', 'json'],
    ['mounts', 'projected', '-o', 'yaml'],
    ['hosts', 'projected'],
  ];
  for (const args of outputs) {
    it(`podstate ${args.join(' ')} shows no Secret value`, () => {
      const r = podstate([...args, '--log', 'pv.jsonl'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      for (const s of SECRET_FORMS) expect(r.stdout + r.stderr).not.toContain(s);
    });
  }

  it('mounts --show-secrets shows the Secret file, as asked', () => {
    const r = podstate(['mounts', 'projected', '-c', 'app', '--show-secrets', '--log', 'pv.jsonl'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/etc/projected/db/password  0400  "s3cr3t"');
  });

  it('mounts -o json shows ConfigMap files with their modes (volumes.md §1–§3)', () => {
    const r = podstate(['mounts', 'projected', '-c', 'app', '-o', 'json', '--log', 'pv.jsonl'], { cwd });
    const [app] = JSON.parse(r.stdout) as {
      mounts: { mountPath: string; files: Record<string, { mode: string; content: string }> }[];
    }[];
    const projected = app!.mounts.find((m) => m.mountPath === '/etc/projected')!;
    expect(projected.files['/etc/projected/app.properties']).toEqual({
      mode: '0440',
      size: 12,
      content: 'color=green\n',
    });
    expect(projected.files['/etc/projected/db/password']!.mode).toBe('0400');
  });

  it('mounts with an unknown container → exit 2 suggesting the nearest', () => {
    const r = podstate(['mounts', 'projected', '-c', 'ap', '--log', 'pv.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "app"?');
  });

  it('hosts prints the managed /etc/hosts (managedHostsFileContent)', () => {
    const r = podstate(['hosts', 'projected', '--log', 'pv.jsonl'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n/);
    expect(r.stdout).toMatch(/\n10\.244\.\d+\.\d+\tprojected\n$/);
  });
});
