import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate } from './helpers.js';

// Bad input loses nothing: every refusal names what and where, exits 2 (3 for a damaged log),
// and leaves the log exactly as it was — not even creating it.
const T = (s: number) => `2026-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
};
const created = JSON.stringify({ stream: 'pod/u1', type: 'pod.created', time: T(0), data: { manifest } });

describe('bad input changes nothing (e2e)', () => {
  it('a Secret whose data is not base64 → exit 2 with the API server wording, no log created, no value shown', () => {
    const cwd = makeTempDir();
    const bad = JSON.stringify({
      stream: 'secret/default/db',
      type: 'secret.applied',
      time: T(0),
      data: { name: 'db', data: { password: 'hunter2!!' } },
    });
    const r = podstate(['append', bad], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte',
    );
    expect(r.stderr).not.toContain('hunter2');
    expect(existsSync(join(cwd, 'events.jsonl'))).toBe(false);
  });

  it('an illegal transition → exit 2 naming the broken rule; the log keeps its bytes', () => {
    const cwd = makeTempDir();
    expect(podstate(['append', created], { cwd }).code).toBe(0);
    const before = readFileSync(join(cwd, 'events.jsonl'));
    const started = JSON.stringify({
      stream: 'pod/u1',
      type: 'container.started',
      time: T(1),
      data: { container: 'app' },
    });
    const r = podstate(['append', started], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'container.started for app container "app" of Pod default/web rejected: the Pod is not scheduled yet (pod.scheduled first)',
    );
    expect(readFileSync(join(cwd, 'events.jsonl'))).toEqual(before);
  });

  it('time going backwards and an unknown container are refused with what would make them legal', () => {
    const cwd = makeTempDir();
    expect(podstate(['append', created], { cwd }).code).toBe(0);
    const early = JSON.stringify({
      stream: 'pod/u1',
      type: 'pod.scheduled',
      time: '2025-12-31T23:59:59.000Z',
      data: { node: 'n1' },
    });
    const r1 = podstate(['append', early], { cwd });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('time must not go backwards');
    const ghost = JSON.stringify({
      stream: 'pod/u1',
      type: 'container.exited',
      time: T(2),
      data: { container: 'ap', exitCode: 1 },
    });
    const r2 = podstate(['append', ghost], { cwd });
    expect(r2.code).toBe(2);
  });

  it('a run whose step the engine refuses appends nothing and names the file, line and rule', () => {
    const cwd = makeTempDir();
    writeFileSync(
      join(cwd, 'bad.yaml'),
      `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  initContainers: [{name: setup, image: busybox:1.36}]\n  containers: [{name: app, image: nginx:1.25}]\n---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nspec:\n  auto: false\n  steps:\n    - {event: pod.scheduled, node: n1}\n    - {event: pod.sandbox.ready, podIP: 10.244.0.3}\n    - {event: container.started, container: app}\n`,
    );
    const r = podstate(['run', 'bad.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:15 (spec.steps[2])');
    expect(existsSync(join(cwd, 'events.jsonl'))).toBe(false);
  });

  it('verify: a CRC-valid log that does not replay is damaged → exit 3 naming the seq', () => {
    const cwd = makeTempDir();
    const rec = (seq: number, type: string, data: Record<string, unknown>) =>
      encodeRecord({
        v: 1,
        seq,
        stream: 'pod/u1',
        rev: seq,
        id: `id-${seq}`,
        type,
        sv: 1,
        time: T(seq),
        data,
      });
    writeFileSync(
      join(cwd, 'events.jsonl'),
      `${rec(1, 'pod.created', { manifest })}\n${rec(2, 'container.started', { container: 'app' })}\n`,
    );
    const r = podstate(['verify'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('event seq 2 (container.started) does not replay');
  });
});

describe('spec.invariants (e2e)', () => {
  it('run checks the invariants on the whole log at the end and says so', () => {
    const cwd = makeTempDir();
    writeFileSync(
      join(cwd, 'inv.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: nginx:1.25}]\n---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nspec:\n  invariants: true\n  steps:\n    - {after: 5s, event: container.exited, container: app, exitCode: 1}\n',
    );
    const r = podstate(['run', 'inv.yaml'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '✓ invariants I1–I11, I13, I14, I16, I17 and the projected I2, I4, I5 hold on the whole log',
    );
  });
});
