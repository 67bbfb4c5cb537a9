import { readFileSync } from 'node:fs';
import { loadDocuments } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../parse/parseScenario.js';
import { playScenario } from './playScenario.js';

// The expectation vocabulary of docs/scenarios.md: each key accepts what the Pod shows and
// reports a difference for anything else, so an expectation can fail.

const pod = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {mode: prod, color: blue}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: nginx:1.25
      env:
        - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: mode}}}
        - {name: DEBUG, valueFrom: {configMapKeyRef: {name: cfg, key: debug, optional: true}}}
      volumeMounts: [{name: config, mountPath: /etc/config}]
  volumes:
    - {name: config, configMap: {name: cfg, items: [{key: mode, path: mode}]}}
`;
const run = (steps: string) =>
  playScenario([
    {
      name: 't.yaml',
      text: `${pod}---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  steps:\n${steps}`,
    },
  ]);
/** The mismatches of every expect step, in order. */
const mismatchesOf = (steps: string) => {
  const r = run(steps);
  expect(r.error).toBeUndefined();
  return r.steps.filter((s) => s.kind === 'expect').map((s) => s.mismatches);
};
const crashLoop =
  '    - {at: 0s, event: container.exited, container: app, exitCode: 1}\n' +
  '    - {after: 1s, event: container.exited, container: app, exitCode: 1}\n' +
  '    - {after: 10s, event: container.exited, container: app, exitCode: 1}\n';
const uid = '27015e6f-2601-4cdc-a901-619528016002';

describe('expect: the Pod gone (removed)', () => {
  it('removed: true holds once pod.removed happened, and fails on a live Pod', () => {
    expect(
      mismatchesOf(
        '    - {at: 0s, expect: {removed: true}}\n    - {event: pod.deletion.requested}\n    - {after: 1s, expect: {removed: true}}\n',
      ),
    ).toEqual([[{ key: 'removed', expected: true, actual: false }], []]);
  });

  it('removed: false holds on a live Pod and fails once it is gone; without the key a gone Pod is a mismatch', () => {
    expect(
      mismatchesOf(
        '    - {at: 0s, expect: {removed: false, status: Running}}\n    - {event: pod.deletion.requested}\n    - {after: 1s, expect: {removed: false}}\n    - {expect: {status: Running}}\n',
      ),
    ).toEqual([
      [],
      [{ key: 'removed', expected: false, actual: true }],
      [{ key: 'pod', expected: 'a live Pod', actual: 'removed' }],
    ]);
  });
});

describe('expect: status.reason, status.message and podIP: null', () => {
  it('null is "unset"; a value is compared with status.reason / status.message (eviction_manager evictPod)', () => {
    const msg = 'The node was low on resource: memory.';
    expect(
      mismatchesOf(
        `    - {at: 0s, expect: {reason: null, message: null}}\n    - {expect: {reason: Evicted}}\n    - {event: pod.evicted, reason: Evicted, message: "${msg}"}\n    - {expect: {reason: Evicted, message: "${msg}"}}\n    - {expect: {reason: null, message: other}}\n`,
      ),
    ).toEqual([
      [],
      [{ key: 'reason', expected: 'Evicted', actual: null }],
      [],
      [
        { key: 'reason', expected: null, actual: 'Evicted' },
        { key: 'message', expected: 'other', actual: msg },
      ],
    ]);
  });

  it('podIP: null holds before the sandbox is ready and fails after', () => {
    const r = playScenario([
      {
        name: 't.yaml',
        text: `${pod}---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  auto: false\n  steps:\n    - {expect: {podIP: null}}\n    - {event: pod.scheduled, node: node-1}\n    - {event: pod.sandbox.ready, podIP: 10.0.0.7}\n    - {expect: {podIP: null}}\n    - {expect: {podIP: 10.0.0.7}}\n`,
      },
    ]);
    expect(r.steps.filter((s) => s.kind === 'expect').map((s) => s.mismatches)).toEqual([
      [],
      [{ key: 'podIP', expected: null, actual: '10.0.0.7' }],
      [],
    ]);
  });
});

describe('expect: the crash loop as kubectl shows it', () => {
  it("container message: the kubelet's back-off error (kuberuntime_manager.go doBackOff), null for a running container", () => {
    expect(
      mismatchesOf(
        `${crashLoop}    - expect: {containers: {app: {message: "back-off 20s restarting failed container=app pod=web_default(${uid})"}}}\n    - expect: {containers: {app: {message: null}}}\n`,
      ),
    ).toEqual([
      [],
      [
        {
          key: 'containers.app.message',
          expected: null,
          actual: `back-off 20s restarting failed container=app pod=web_default(${uid})`,
        },
      ],
    ]);
  });

  it('restarts as a string is the whole RESTARTS cell with its suffix (printers.go printPod, translateTimestampSince)', () => {
    expect(
      mismatchesOf(
        `${crashLoop}    - {after: 10s, expect: {restarts: "2 (10s ago)"}}\n    - {expect: {restarts: 2}}\n    - {expect: {restarts: "2 (11s ago)"}}\n`,
      ),
    ).toEqual([[], [], [{ key: 'restarts', expected: '2 (11s ago)', actual: '2 (10s ago)' }]]);
  });

  it('events: reason, type, count and message as describe lists them; count 0 expects none', () => {
    const backOff = `Back-off restarting failed container app in pod web_default(${uid})`;
    expect(
      mismatchesOf(
        `${crashLoop}    - expect: {events: [{reason: BackOff, type: Warning, count: 2, message: "${backOff}"}, {reason: Killing, count: 0}, {reason: Started}]}\n` +
          '    - expect: {events: [{reason: BackOff, count: 3}, {reason: BackOff, type: Normal}, {reason: Started, count: 0}, {reason: OOMKilling}]}\n',
      ),
    ).toEqual([
      [],
      [
        { key: 'events[0]', expected: '* BackOff (x3)', actual: `Warning BackOff (x2): ${backOff}` },
        { key: 'events[1]', expected: 'Normal BackOff', actual: `Warning BackOff (x2): ${backOff}` },
        {
          key: 'events[2]',
          expected: 'no * Started',
          actual: 'Normal Started (x3): Started container app',
        },
        { key: 'events[3]', expected: '* OOMKilling', actual: 'no OOMKilling Event' },
      ],
    ]);
  });
});

describe('expect: what a container does not see (null in env and mounts)', () => {
  it('an optional key that is missing leaves the variable unset (makeEnvironmentVariables); a set one fails null', () => {
    expect(
      mismatchesOf(
        '    - {at: 0s, expect: {env: {app: {DEBUG: null, MODE: prod}}}}\n    - {expect: {env: {app: {MODE: null}}}}\n',
      ),
    ).toEqual([[], [{ key: 'env.app.MODE', expected: null, actual: 'prod' }]]);
  });

  it('items write only the listed keys (configmap MakePayload): the other key has no file; a present file fails null', () => {
    expect(
      mismatchesOf(
        '    - {at: 0s, expect: {mounts: {app: {/etc/config/color: null, /etc/config/mode: prod}}}}\n    - {expect: {mounts: {app: {/etc/config/mode: null}}}}\n',
      ),
    ).toEqual([[], [{ key: 'mounts.app./etc/config/mode', expected: '<no file>', actual: 'prod' }]]);
  });
});

describe('pod.metadata.updated in a scenario: labels, annotations and what follows them', () => {
  const step =
    '    - {at: 0s, expect: {labels: {track: null}, env: {app: {MODE: prod}}}}\n' +
    '    - {after: 5s, event: pod.metadata.updated, labels: {track: canary}, annotations: {owner: a}}\n' +
    '    - {expect: {labels: {track: canary, app: null}, annotations: {owner: a}}}\n' +
    '    - {expect: {labels: {track: stable}, annotations: {owner: null}}}\n';
  it('labels / annotations expectations read metadata key by key (null: not set), and fail on a difference', () => {
    expect(mismatchesOf(step)).toEqual([
      [],
      [],
      [
        { key: 'labels.track', expected: 'stable', actual: 'canary' },
        { key: 'annotations.owner', expected: null, actual: 'a' },
      ],
    ]);
  });

  it('an invalid label is bad input naming the step and the field (ValidateLabels)', () => {
    const header =
      'apiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: demo}\nspec:\n  steps:\n';
    expect(() =>
      parseScenario(
        loadDocuments(
          `${header}    - {event: pod.metadata.updated, labels: {"Bad Key": x}}\n`,
          'demo.yaml',
        )[0]!,
      ),
    ).toThrow(/demo\.yaml:6: spec\.steps\[0\]\.labels: .*Invalid value: "Bad Key"/);
  });
});

describe('expect: the new keys refuse ill-formed values with the field and the fix', () => {
  const header =
    'apiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: demo}\nspec:\n  steps:\n';
  const errorOf = (step: string): string => {
    try {
      parseScenario(loadDocuments(`${header}    - ${step}\n`, 'demo.yaml')[0]!);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`expected ${step} to be refused`);
  };
  it.each([
    [
      '{expect: {removed: true, status: Running}}',
      'nothing else to check: move status to an earlier expect step',
    ],
    ['{expect: {removed: gone}}', 'spec.steps[0].expect.removed: must be true or false'],
    [
      '{expect: {restarts: "2 10s ago"}}',
      `write the count (2) or the whole cell in quotes, e.g. "2 (10s ago)"`,
    ],
    ['{expect: {events: {reason: BackOff}}}', 'spec.steps[0].expect.events: must be a list'],
    ['{expect: {events: [{type: Warning}]}}', 'spec.steps[0].expect.events[0]: needs reason'],
    ['{expect: {events: [{reason: BackOff, type: Error}]}}', 'Valid: Normal, Warning'],
    ['{expect: {events: [{reason: BackOff, cout: 2}]}}', 'unknown event expectation key'],
    ['{expect: {containers: {app: {mesage: x}}}}', 'Did you mean "message"?'],
  ])('%s', (step, message) => {
    expect(errorOf(step)).toContain(message);
  });
});

describe('the vocabulary examples replay as documented', () => {
  it.each(['crashloop-details.yaml', 'pod-gone.yaml', 'absent-config.yaml', 'labels-downward.yaml'])(
    '%s',
    (name) => {
      const text = readFileSync(new URL(`../../../../examples/${name}`, import.meta.url), 'utf8');
      const r = playScenario([{ name, text }]);
      expect(r.error).toBeUndefined();
      expect(r.failures).toEqual([]);
    },
  );
});
