import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate, repoRoot } from './helpers.js';

const scenario = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: nginx:1.25}]
---
apiVersion: podstate.dev/v1alpha1
kind: Scenario
metadata: {name: refused}
spec:
  steps:
    - {at: 0s, expect: {status: Running}}
    - {after: 1s, event: container.started, container: app}
    - {after: 1s, expect: {status: Running}}
`;

describe('podstate run: a refused step prints the trace up to it, then the error (e2e)', () => {
  it('new log: the steps before it and the refused step, exit 2, no log file', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 's.yaml'), scenario);
    const r = podstate(['run', 's.yaml', '--log', 'l.jsonl'], { cwd });
    expect(r.code).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('  · pod.scheduled node=node-1');
    expect(lines).toContain('[+0s] expect  →  phase=Running status=Running ready=1/1 restarts=0');
    expect(lines).toContain('  ✓ as expected');
    expect(lines.at(-1)).toBe('[+1s] container.started container=app  ✗ refused');
    expect(r.stderr).toMatch(
      /^podstate: s\.yaml:13 \(spec\.steps\[1\]\): container\.started for app container "app" of Pod default\/web rejected: .*Fix the step, or add reject: true/,
    );
    expect(existsSync(join(cwd, 'l.jsonl'))).toBe(false);
  });

  it('existing log: the same trace, and the log keeps its bytes', () => {
    const cwd = makeTempDir();
    expect(
      podstate(['run', join(repoRoot, 'examples/crashloop.yaml'), '--log', 'l.jsonl'], { cwd }).code,
    ).toBe(0);
    const before = readFileSync(join(cwd, 'l.jsonl'));
    writeFileSync(join(cwd, 's.yaml'), scenario.replace('name: web', 'name: api'));
    const r = podstate(['run', 's.yaml', '--log', 'l.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'expect  →  phase=Running status=Running ready=1/1 restarts=0\n  ✓ as expected\n',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`[+1s] container.started container=app  ✗ refused`);
    expect(readFileSync(join(cwd, 'l.jsonl'))).toEqual(before);
  });
});
