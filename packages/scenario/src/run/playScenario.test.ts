import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { playScenario } from './playScenario.js';

const example = (name: string) => ({
  name,
  text: readFileSync(new URL(`../../../../examples/${name}`, import.meta.url), 'utf8'),
});
const pod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: nginx:1.25}]\n';
const scenario = (steps: string) =>
  `${pod}---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  steps:\n${steps}`;

describe('playScenario: a run as data, without the CLI', () => {
  it('the crash-loop example: every step with its auto facts, the Pod it left and its checks', () => {
    const r = playScenario([example('crashloop.yaml')]);
    expect(r.error).toBeUndefined();
    expect(r.failures).toEqual([]);
    expect(r.steps.map((s) => `${s.label} ${s.kind}`)).toEqual([
      '[+0s] expect',
      '[+5s] event',
      '[+5s] expect',
      '[+6s] event',
      '[+6s] expect',
      '[+16s] expect',
      '[+16s] end',
    ]);
    const first = r.steps[0]!;
    expect(first.auto.map((e) => e.type)).toEqual([
      'pod.scheduled',
      'pod.sandbox.ready',
      'container.image.pulled',
      'container.started',
    ]);
    expect(first.pod).toEqual({ phase: 'Running', status: 'Running', ready: '1/1', restarts: '0' });
    expect(first.mismatches).toEqual([]);
    expect(r.steps[1]!.event).toMatchObject({ type: 'container.exited', data: { exitCode: 1 } });
    expect(r.steps[4]!.pod).toMatchObject({ status: 'CrashLoopBackOff', ready: '0/1' });
    // Every event to append, in order: the auto facts and the steps' events.
    expect(r.events.length).toBeGreaterThan(r.steps.flatMap((s) => s.auto).length);
  });

  it('an unmet expectation is a mismatch in the step and a failure, not an exception', () => {
    const r = playScenario([
      { name: 't.yaml', text: scenario('    - {at: 0s, expect: {status: Pending}}\n') },
    ]);
    expect(r.steps[0]!.mismatches).toEqual([{ key: 'status', expected: 'Pending', actual: 'Running' }]);
    expect(r.failures).toMatchObject([{ what: 'expectation failed', where: 't.yaml:12 (spec.steps[0])' }]);
  });

  it('a refused step ends the run with the trace up to it kept in steps and the reason in error', () => {
    const r = playScenario([
      {
        name: 't.yaml',
        text: scenario(
          '    - {at: 0s, expect: {status: Running}}\n    - {after: 1s, event: container.started, container: app}\n    - {after: 1s, expect: {status: Running}}\n',
        ),
      },
    ]);
    expect(r.error?.message).toMatch(/^t\.yaml:13 \(spec\.steps\[1\]\): .*Fix the step, or add reject: true/);
    expect(r.steps.map((s) => s.kind)).toEqual(['expect', 'event']);
    expect(r.steps[1]!.refusal).toBeDefined();
    expect(r.steps.some((s) => s.kind === 'end')).toBe(false);
  });

  it('several Pods: every one is driven; a node fact reaches each Pod on the node (node-lost-three-pods example)', () => {
    const r = playScenario([example('node-lost-three-pods.yaml')]);
    expect(r.failures).toEqual([]);
    expect(r.pods).toEqual(['api', 'worker', 'shop/cache', 'web']);
    const end = r.steps.at(-1)!;
    expect(
      Object.fromEntries(Object.entries(end.pods!).map(([k, v]) => [k, v === 'removed' ? v : v.status])),
    ).toEqual({
      api: 'Terminating',
      worker: 'Terminating',
      'shop/cache': 'Terminating',
      web: 'Running',
    });
  });

  it('several Pods: a step that names no Pod, or a Pod not in the files, is bad input with the Pods listed', () => {
    const two = `${pod}---\n${pod.replace('name: web', 'name: db')}---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  steps:\n`;
    const unnamed = playScenario([{ name: 't.yaml', text: `${two}    - {expect: {status: Running}}\n` }]);
    expect(unnamed.error?.message).toBe(
      "t.yaml:18 (spec.steps[0]): the files hold 2 Pods: name the step's Pod with pod: <name> (web, db)",
    );
    const typo = playScenario([
      { name: 't.yaml', text: `${two}    - {pod: wbe, expect: {status: Running}}\n` },
    ]);
    expect(typo.error?.message).toBe(
      't.yaml:18 (spec.steps[0]).pod: "wbe" names no Pod of the files. Did you mean "web"?',
    );
    const ok = playScenario([{ name: 't.yaml', text: `${two}    - {pod: db, expect: {status: Running}}\n` }]);
    expect(ok.failures).toEqual([]);
    expect(ok.steps[0]!.target).toBe('db');
  });
});
