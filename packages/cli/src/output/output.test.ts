import { describe, expect, it } from 'vitest';
import { colourEnabled, createColours } from './colours.js';
import { createProgress } from './createProgress.js';
import { toJson } from './toJson.js';
import { toYaml } from './toYaml.js';

describe('structured output', () => {
  const pod = {
    status: { phase: 'Running' },
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'web', labels: { b: '1', a: '2' } },
  };

  it('toJson: 2-space indent, keys sorted at every depth, trailing newline', () => {
    expect(toJson(pod)).toBe(
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "labels": {\n      "a": "2",\n      "b": "1"\n    },\n    "name": "web"\n  },\n  "status": {\n    "phase": "Running"\n  }\n}\n',
    );
  });

  it('toJson: sortKeys false keeps the order the value was built in', () => {
    expect(toJson({ b: 1, a: [{ d: 1, c: 2 }] }, { sortKeys: false })).toBe(
      '{\n  "b": 1,\n  "a": [\n    {\n      "d": 1,\n      "c": 2\n    }\n  ]\n}\n',
    );
  });

  it('toYaml: sorted block YAML that keeps YAML-1.1-ambiguous strings quoted', () => {
    expect(toYaml({ status: 'True', mode: '0400', kind: 'Pod', answer: 'yes', count: 1 })).toBe(
      'answer: "yes"\ncount: 1\nkind: Pod\nmode: "0400"\nstatus: "True"\n',
    );
  });
});

describe('colour', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
    [false, { FORCE_COLOR: '0' }, false],
  ])('tty=%s env=%j → colour %s', (isTTY, env, on) => {
    expect(colourEnabled({ write: () => true, isTTY }, env)).toBe(on);
  });

  it('createColours is the identity when colour is off', () => {
    expect(createColours({ write: () => true, isTTY: false }, {}).red('x')).toBe('x');
    expect(createColours({ write: () => true, isTTY: true }, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('createProgress', () => {
  it('writes nothing when stderr is not a TTY', () => {
    let written = '';
    const bar = createProgress(
      { write: (s: string) => (written += s), isTTY: false },
      { total: 10, label: 'replay' },
    );
    bar.increment();
    bar.update(5);
    bar.stop();
    expect(written).toBe('');
  });
});
