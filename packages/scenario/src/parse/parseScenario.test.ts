import { loadDocuments } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { isScenarioDocument, parseScenario } from './parseScenario.js';

const header = 'apiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: demo}\n';
const parse = (text: string) => parseScenario(loadDocuments(text, 'demo.yaml')[0]!);
const errorOf = (text: string): string => {
  try {
    parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected parseScenario to throw');
};

describe('parseScenario: shapes and defaults', () => {
  it('applies defaults: auto true, profile current, no pod, no steps', () => {
    const s = parse(header);
    expect(s).toMatchObject({
      name: 'demo',
      auto: true,
      profile: 'current',
      steps: [],
      file: 'demo.yaml',
      line: 1,
    });
    expect(s.pod).toBeUndefined();
  });

  it('reads the DESIGN.md crashloop example: event steps with data beside, at/after, an expect', () => {
    const s = parse(`${header}spec:
  pod: web
  auto: false
  profile: legacy
  steps:
    - {at: 0s, event: pod.scheduled, node: node-1}
    - {after: 5s, event: container.exited, container: app, exitCode: 1}
    - {after: 10s, expect: {status: CrashLoopBackOff, restarts: 1, phase: Running}}
    - {after: 1m30s}
    - {event: container.started, container: app, reject: true}
`);
    expect(s).toMatchObject({ pod: 'web', auto: false, profile: 'legacy' });
    expect(s.steps.map((st) => [st.kind, st.timing])).toEqual([
      ['event', { at: 0 }],
      ['event', { after: 5000 }],
      ['expect', { after: 10_000 }],
      ['wait', { after: 90_000 }],
      ['event', { after: 0 }],
    ]);
    expect(s.steps[1]).toMatchObject({
      type: 'container.exited',
      data: { container: 'app', exitCode: 1 },
      reject: false,
    });
    expect(s.steps[1]!.source).toMatchObject({ file: 'demo.yaml', line: 10, path: 'spec.steps[1]' });
    expect(s.steps[2]).toMatchObject({
      expect: { status: 'CrashLoopBackOff', restarts: 1, phase: 'Running' },
    });
    expect(s.steps[4]).toMatchObject({ kind: 'event', reject: true, data: { container: 'app' } });
  });

  it('reads every expectation key, normalising YAML 1.1 booleans and octal modes', () => {
    const s = parse(`${header}spec:
  steps:
    - expect:
        phase: Running
        status: Running
        ready: "1/2"
        restarts: 0
        node: node-1
        podIP: 10.244.0.5
        conditions:
          Ready: False
          PodScheduled: "True"
          ContainersReady: {status: "False", reason: ContainersNotReady}
        containers:
          app: {state: terminated, reason: Error, exitCode: 137, restartCount: 2, ready: false, started: false,
                lastState: {exitCode: 1, reason: Error}}
        env: {app: {MODE: prod, PORT: 8080}}
        mounts:
          app:
            /etc/config/mode: prod
            /etc/secret/token: {content: abc, mode: 0400}
            /etc/secret/key: {content: k, mode: "0644"}
        hosts: "127.0.0.1\\tlocalhost\\n"
`);
    expect(s.steps[0]).toMatchObject({
      kind: 'expect',
      expect: {
        phase: 'Running',
        ready: '1/2',
        restarts: 0,
        podIP: '10.244.0.5',
        conditions: {
          Ready: { status: 'False' },
          PodScheduled: { status: 'True' },
          ContainersReady: { status: 'False', reason: 'ContainersNotReady' },
        },
        containers: {
          app: {
            state: 'terminated',
            exitCode: 137,
            restartCount: 2,
            ready: false,
            lastState: { exitCode: 1 },
          },
        },
        env: { app: { MODE: 'prod', PORT: '8080' } },
        mounts: {
          app: {
            '/etc/config/mode': { content: 'prod' },
            '/etc/secret/token': { content: 'abc', mode: 0o400 },
            '/etc/secret/key': { content: 'k', mode: 0o644 },
          },
        },
        hosts: '127.0.0.1\tlocalhost\n',
      },
    });
  });
});

describe('parseScenario: bad input names file:line, the field path and the fix', () => {
  it.each([
    [
      'unknown expectation key',
      '    - expect: {containrs: {}}',
      'demo.yaml:6: spec.steps[0].expect.containrs: unknown expectation key. Did you mean "containers"?',
    ],
    [
      'unknown container key',
      '    - expect: {containers: {app: {restartcount: 1}}}',
      'spec.steps[0].expect.containers.app.restartcount: unknown container expectation key. Did you mean "restartCount"?',
    ],
    [
      'bad duration',
      '    - {after: 5 minutes}',
      'demo.yaml:6: spec.steps[0].after: "5 minutes" is not a duration',
    ],
    ['number without unit', '    - {after: 30}', 'spec.steps[0].after: 30 has no unit; write e.g. 30s'],
    ['at and after together', '    - {at: 1s, after: 2s}', 'spec.steps[0].after: a step has either at'],
    [
      'event and expect together',
      '    - {event: pod.scheduled, expect: {}}',
      'spec.steps[0]: a step is either an event or an expect',
    ],
    [
      'misspelt event key',
      '    - {evnt: pod.scheduled, node: n}',
      'spec.steps[0].evnt: unknown step key: a step needs event: <type>, expect: {…} or only after:/at:. Did you mean "event"?',
    ],
    [
      'reject without event',
      '    - {after: 1s, reject: true}',
      'spec.steps[0].reject: reject applies only to event steps',
    ],
    [
      'bad event type',
      '    - {event: Container Started}',
      'spec.steps[0].event: "Container Started" is not an event type',
    ],
    [
      'bad phase',
      '    - expect: {phase: running}',
      'spec.steps[0].expect.phase: "running" is not allowed here. Did you mean "Running"?',
    ],
    [
      'bad state',
      '    - expect: {containers: {app: {state: Running}}}',
      '.state: "Running" is not allowed here. Did you mean "running"?',
    ],
    [
      'bad ready',
      '    - expect: {ready: "one"}',
      'spec.steps[0].expect.ready: "one" is not kubectl\'s READY column',
    ],
    [
      'relative mount path',
      '    - expect: {mounts: {app: {etc/x: a}}}',
      'spec.steps[0].expect.mounts.app["etc/x"]: mount paths are absolute',
    ],
    [
      'YAML 1.1 boolean env',
      '    - expect: {env: {app: {DEBUG: yes}}}',
      'spec.steps[0].expect.env.app.DEBUG: YAML read true as a boolean; quote the value',
    ],
    [
      'bad mode',
      '    - expect: {mounts: {app: {/x: {content: a, mode: "rw"}}}}',
      '.mode: "rw" is not a file mode',
    ],
    ['step not a mapping', '    - pod.scheduled', 'spec.steps[0]: a step is a mapping'],
    ['empty step', '    - {}', 'spec.steps[0]: an empty step does nothing'],
  ])('%s', (_name, step, message) => {
    expect(errorOf(`${header}spec:\n  steps:\n${step}\n`)).toContain(message);
  });

  it.each([
    [
      'unknown spec key',
      'spec: {profle: legacy}',
      'demo.yaml:4: spec.profle: unknown spec key. Did you mean "profile"?',
    ],
    [
      'bad profile',
      'spec: {profile: old}',
      'spec.profile: "old" is not allowed here. Valid: current, legacy.',
    ],
    ['auto not a boolean', 'spec: {auto: sometimes}', 'spec.auto: must be true or false'],
    ['steps not a list', 'spec: {steps: {after: 1s}}', 'spec.steps: must be a list of steps'],
    ['unknown top-level key', 'spce: {}', 'demo.yaml:4: spce: unknown Scenario key. Did you mean "spec"?'],
  ])('%s', (_name, tail, message) => {
    expect(errorOf(`${header}${tail}\n`)).toContain(message);
  });

  it('refuses another apiVersion, naming the one to write', () => {
    expect(errorOf('apiVersion: podstate.dev/v1\nkind: Scenario\n')).toContain(
      'demo.yaml:1: apiVersion: "podstate.dev/v1" is not supported; write apiVersion: podstate.dev/v1alpha1',
    );
  });

  it('reports every problem at once, each on its own line with its own line number', () => {
    const message = errorOf(`${header}spec:\n  steps:\n    - {after: 1x}\n    - expect: {phse: Running}\n`);
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^demo\.yaml:6: spec\.steps\[0\]\.after: "1x" is not a duration/),
      'demo.yaml:7: spec.steps[1].expect.phse: unknown expectation key. Did you mean "phase"?',
    ]);
  });
});

describe('parseScenario beside Kubernetes objects', () => {
  it('finds the Scenario among the documents and reports lines of the whole file', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n---\n${header}spec:\n  steps:\n    - expect: {restart: 1}\n`;
    const docs = loadDocuments(text, 'app.yaml');
    const scenario = docs.find(isScenarioDocument)!;
    expect(scenario.line).toBe(5);
    expect(() => parseScenario(scenario)).toThrow(
      'app.yaml:10: spec.steps[0].expect.restart: unknown expectation key. Did you mean "restarts"?',
    );
  });
});
