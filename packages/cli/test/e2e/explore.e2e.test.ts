import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate } from './helpers.js';

/** stdout without the timing line, the only part that differs between two identical runs. */
const untimed = (stdout: string) => stdout.replace(/^in .*lifecycles\/s.*\n/m, '');

describe('podstate explore (e2e)', () => {
  it('a clean exploration of the built-in set prints the summary and exits 0', () => {
    const cwd = makeTempDir();
    const r = podstate(['explore', '--runs', '60'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^explored 60 lifecycles \([0-9,]+ events\) of the built-in set \(12 Pods\), seed 20260101, max events 120\n/,
    );
    expect(r.stdout).toContain(
      'no invariant violated (checked I1-I11, I13, I14, I16, I17, projected I2, I4, I5)\n',
    );
    expect(r.stdout).toMatch(/^in [0-9.]+s: [0-9,]+ lifecycles\/s, [0-9,]+ events\/s$/m);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--canary restarts:3: found, shrunk, written with seed and path, exit 1; podstate run replays it to the same failure', () => {
    const cwd = makeTempDir();
    const r = podstate(['explore', '--canary', 'restarts:3', '--seed', '7', '--out', 'found'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^canary restarts:3 violated in lifecycle \d+ \(seed 7\): container "[a-z-]+" has restarted 3 times$/m,
    );
    expect(r.stdout).toContain('counterexample: found/counterexample-7.yaml\n');
    expect(r.stdout).toContain('replay: podstate run found/counterexample-7.yaml --log <a new log>\n');
    const file = join(cwd, 'found/counterexample-7.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# podstate explore counterexample: canary restarts:3 violated\n/);
    expect(text).toContain(
      '# found by: podstate explore --seed 7 --runs 1000 --max-events 120 --canary restarts:3\n',
    );
    expect(text).toContain('  auto: false\n');
    const steps = text.split('\n').filter((l) => /^ {4}- \{at: /.test(l));
    // Shrunk: three restarts need about ten facts; the last step is the expect that fails.
    expect(steps.length).toBeLessThanOrEqual(21);
    expect(steps.at(-1)).toMatch(/expect: \{containers: \{[a-z-]+: \{restartCount: 2\}\}\}\}$/);

    const replay = podstate(['run', file, '--log', 'replay.jsonl'], { cwd });
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/✗ containers\.[a-z-]+\.restartCount: expected 2, got 3\n/);
    expect(replay.stderr).toMatch(/counterexample-7\.yaml:\d+ \(spec\.steps\[\d+\]\): expectation failed/);
    // Every step but the expect is a fact, and every fact (objects included) went to the log.
    // Line 1 is the log's head marker, every other line a record.
    const log = readFileSync(join(cwd, 'replay.jsonl'), 'utf8').trimEnd().split('\n').slice(1);
    const refused = (text.match(/reject: true/g) ?? []).length;
    const objects = (text.match(/^kind: (Pod|Node|Secret|ConfigMap)$/gm) ?? []).length;
    expect(log.length).toBe(objects + steps.length - 1 - refused);
  });

  it('the same seed gives the same output and the same counterexample file', () => {
    const cwd = makeTempDir();
    const args = ['explore', '--canary', 'restarts:2', '--seed', '99', '--runs', '400'];
    const a = podstate([...args, '--out', 'a'], { cwd });
    const b = podstate([...args, '--out', 'b'], { cwd });
    expect(a.code).toBe(1);
    expect(untimed(a.stdout).replaceAll('a/', 'b/')).toBe(untimed(b.stdout));
    expect(readFileSync(join(cwd, 'a/counterexample-99.yaml'), 'utf8')).toBe(
      readFileSync(join(cwd, 'b/counterexample-99.yaml'), 'utf8'),
    );
  });

  it('explores the Pods of manifest files; a Secret value never reaches the output or the counterexample', () => {
    const cwd = makeTempDir();
    writeFileSync(
      join(cwd, 'app.yaml'),
      `apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: hunter2-TOPSECRET}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: nginx:1.25
      env:
        - name: PASSWORD
          valueFrom: {secretKeyRef: {name: creds, key: password}}
`,
    );
    const r = podstate(['explore', 'app.yaml', '--runs', '300', '--canary', 'restarts:1'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^explored \d+ lifecycles? \([0-9,]+ events\) of app\.yaml \(1 Pod\)/);
    const text = readFileSync(join(cwd, 'counterexample-20260101.yaml'), 'utf8');
    expect(text).toContain('name: web');
    for (const out of [r.stdout, r.stderr, text]) {
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain(Buffer.from('hunter2-TOPSECRET').toString('base64'));
    }
    const replay = podstate(['run', 'counterexample-20260101.yaml', '--log', 'r.jsonl'], { cwd });
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/✗ containers\.app\.restartCount: expected 0, got 1/);
  });

  it.each([
    [['--runs', 'abc'], /--runs "abc" is not a whole number from 1 to 100000000/],
    [['--runs', '0'], /--runs "0" is not a whole number/],
    [['--seed', '1.5'], /--seed "1.5" is not a whole number/],
    [['--max-events', '-3'], /--max-events "-3" is not a whole number/],
    [['--canary', 'crashes:2'], /the one canary is restarts:<n>/],
    [['missing.yaml'], /cannot read missing\.yaml: ENOENT/],
  ])('bad input %j → exit 2 with what to do', (args, message) => {
    const cwd = makeTempDir();
    const r = podstate(['explore', ...args], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^podstate: /);
  });

  it('a file without a Pod, or with a broken Pod, is bad input naming the file', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 'node.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n');
    writeFileSync(
      join(cwd, 'bad.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: []\n',
    );
    const none = podstate(['explore', 'node.yaml'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'podstate: no Pod in node.yaml: podstate explore generates lifecycles for Pods',
    );
    const bad = podstate(['explore', 'bad.yaml'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^podstate: bad\.yaml:\d+: The Pod "web" is invalid:/);
  });
});
