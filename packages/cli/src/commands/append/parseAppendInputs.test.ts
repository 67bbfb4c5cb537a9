import { describe, expect, it } from 'vitest';
import { parseAppendInputs } from './parseAppendInputs.js';

const ev = (stream: string, type = 'node.registered', extra: Record<string, unknown> = {}) => ({
  stream,
  type,
  time: '2024-05-01T12:00:00.000Z',
  data: {},
  ...extra,
});
const src = (value: unknown, where = 'argument 1') => ({ text: JSON.stringify(value), where });
const problemsOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('parseAppendInputs', () => {
  it('groups consecutive events of one stream within an array; separate inputs stay separate appends', () => {
    const groups = parseAppendInputs([
      src([ev('pod/u1', 'pod.created'), ev('pod/u1', 'pod.scheduled'), ev('node/n1')]),
      src(ev('pod/u1', 'pod.removed'), 'argument 2'),
    ]);
    expect(groups.map((g) => g.map((i) => `${i.stream} ${i.event.type}`))).toEqual([
      ['pod/u1 pod.created', 'pod/u1 pod.scheduled'],
      ['node/n1 node.registered'],
      ['pod/u1 pod.removed'],
    ]);
  });

  it('keeps optional fields, defaults data to {}, and leaves out absent ones', () => {
    const [[item]] = parseAppendInputs([
      src({
        stream: 'cluster',
        type: 'clock.advanced',
        time: '2024-05-01T12:00:00Z',
        id: 'e-1',
        subject: 'x',
      }),
    ]) as [[{ event: unknown }]];
    expect(item.event).toEqual({
      type: 'clock.advanced',
      time: '2024-05-01T12:00:00Z',
      data: {},
      id: 'e-1',
      subject: 'x',
    });
  });

  it.each([
    [{ ...ev('pod/u1'), strem: 1 }, 'argument 1: strem: unknown field. Did you mean "stream"?'],
    [ev('pods/u1'), 'argument 1: stream: "pods/u1" is not a stream: use pod/<uid>'],
    [ev('secret/only-name'), 'argument 1: stream: "secret/only-name" is not a stream'],
    [ev('pod/u1', 'Container.Started'), 'argument 1: type: "Container.Started" is not an event type'],
    [
      { ...ev('pod/u1'), time: '2024-05-01 12:00' },
      'argument 1: time: "2024-05-01 12:00" is not an RFC 3339 time',
    ],
    [
      { ...ev('pod/u1'), time: '2024-13-45T12:00:00Z' },
      'argument 1: time: "2024-13-45T12:00:00Z" is not an RFC 3339 time',
    ],
    [{ ...ev('pod/u1'), data: [] }, 'argument 1: data: must be a JSON object'],
    [{ ...ev('pod/u1'), id: 'has space' }, 'argument 1: id: "has space" is not an id'],
    [{ ...ev('pod/u1'), sv: 0 }, 'argument 1: sv: must be an integer >= 1'],
    ['just a string', 'argument 1: an event must be a JSON object {stream, type, time, data}'],
    [[], 'argument 1: an empty array appends nothing'],
  ])('refuses %j', (value, message) => {
    expect(problemsOf(() => parseAppendInputs([src(value)]))).toContain(message);
  });

  it('names the array element, reports every problem, and ends with "Nothing was appended."', () => {
    const message = problemsOf(() =>
      parseAppendInputs([src([ev('pod/u1'), ev('bad')], 'in.jsonl:3'), { text: '{', where: 'in.jsonl:4' }]),
    );
    const lines = message.split('\n');
    expect(lines[0]).toMatch(/^in\.jsonl:3: \[1\]: stream: "bad" is not a stream/);
    expect(lines[1]).toMatch(/^in\.jsonl:4: not valid JSON \(/);
    expect(lines.at(-1)).toBe('Nothing was appended.');
  });

  it('runs the catalogue hook on every well-formed event and refuses on its problem', () => {
    const check = (item: { event: { type: string } }) =>
      item.event.type === 'pod.created' ? 'data.manifest: Required value' : undefined;
    expect(
      problemsOf(() => parseAppendInputs([src([ev('node/n'), ev('pod/u', 'pod.created')])], check)),
    ).toContain('argument 1: [1]: data.manifest: Required value');
  });
});
