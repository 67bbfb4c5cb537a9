import { describe, expect, test } from 'vitest';
import { isPodstateError } from '../errors.js';
import { loadDocuments } from './loadDocuments.js';
import { resolveGoYamlScalar } from './resolveGoYamlScalar.js';

const only = (text: string): unknown => loadDocuments(text, 'f.yaml')[0]?.object;

describe('resolveGoYamlScalar follows goyaml.v2 resolve() as sigs.k8s.io/yaml uses it', () => {
  test.each([
    ['0400', 256], // octal, as `mode: 0400` means
    ['0644', 420],
    ['0o400', 256],
    ['0x1F', 31],
    ['0b101', 5],
    ['-0b11', -3],
    ['1_000', 1000],
    ['08', 8], // not octal: falls through to the float rule
    ['1e3', 1000],
    ['.5', 0.5],
    ['+12', 12],
    ['on', true],
    ['yes', true],
    ['y', true],
    ['Off', false],
    ['NO', false],
    ['~', null],
    ['', null],
    ['Null', null],
    ['1:20', '1:20'], // no sexagesimal numbers in go-yaml
    ['2001-12-14', '2001-12-14'], // timestamps stay strings in interface{}
    ['yes please', 'yes please'],
    ['0x', '0x'],
    ['1e400', '1e400'], // float overflow: a string
  ])('resolve(%j) → %j', (input, want) => {
    expect(resolveGoYamlScalar(input)).toEqual({ value: want });
  });
  test('resolve: .nan has no JSON form (yamlToJSON fails)', () => {
    expect(resolveGoYamlScalar('.nan')).toEqual({
      error: 'error converting YAML to JSON: json: unsupported value: NaN',
    });
  });
});

describe('loadDocuments reads YAML 1.1 as kubectl does', () => {
  test('mode: 0400 is octal 256; "0400" stays a string', () => {
    expect(only('mode: 0400\nquoted: "0400"\nsingle: \'0400\'\n')).toEqual({
      mode: 256,
      quoted: '0400',
      single: '0400',
    });
  });
  test('yes/on are booleans unless quoted, keys included (sigs.k8s.io/yaml stringifies them)', () => {
    expect(only('labels:\n  enabled: on\n  quoted: "on"\non: yes\n')).toEqual({
      labels: { enabled: true, quoted: 'on' },
      true: true,
    });
  });
  test('merge keys and anchors resolve; duplicate keys keep the last (go-yaml Unmarshal)', () => {
    expect(only('base: &b {a: 1}\nm:\n  <<: *b\n  c: 2\nk: 1\nk: 2\n')).toEqual({
      base: { a: 1 },
      m: { a: 1, c: 2 },
      k: 2,
    });
  });
  test('JSON input parses too', () => {
    expect(only('{"kind": "Pod", "spec": {"mode": 420, "s": "on"}}')).toEqual({
      kind: 'Pod',
      spec: { mode: 420, s: 'on' },
    });
  });
  test('empty documents and comment-only documents are skipped; lines are 1-based document starts', () => {
    const docs = loadDocuments(
      '# head\n---\nkind: Pod\n---\n---\n# nothing\n---\nkind: Secret\n',
      'app.yaml',
    );
    expect(docs.map((d) => [d.index, d.line, d.file, (d.object as { kind: string }).kind])).toEqual([
      [0, 3, 'app.yaml', 'Pod'],
      [3, 8, 'app.yaml', 'Secret'],
    ]);
  });
  test('an empty file has no documents', () => {
    expect(loadDocuments('', 'e.yaml')).toEqual([]);
  });
  test('kind: List expands to its items, each with its own line', () => {
    const docs = loadDocuments(
      'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: a\n- kind: Secret\n',
      'l.yaml',
    );
    expect(docs.map((d) => [d.line, d.object])).toEqual([
      [4, { kind: 'Pod', metadata: { name: 'a' } }],
      [7, { kind: 'Secret' }],
    ]);
    expect(docs[0]?.lineOf(['metadata', 'name'])).toBe(6);
  });
  test('lineOf finds a field, an index, or the nearest present ancestor', () => {
    const [doc] = loadDocuments(
      'kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n  - name: b\n',
      'p.yaml',
    );
    expect(doc?.lineOf(['spec', 'containers', 1, 'name'])).toBe(6);
    expect(doc?.lineOf(['spec', 'containers', 0, 'image'])).toBe(5);
    expect(doc?.lineOf(['spec', 'containers', 1, 'image'])).toBe(6);
    expect(doc?.lineOf(['spec', 'volumes'])).toBe(2);
  });
  test('a syntax error is bad_input with file:line:col', () => {
    try {
      loadDocuments('kind: Pod\nmetadata:\n  name: [a,\n', 'broken.yaml');
      expect.unreachable();
    } catch (e) {
      expect(isPodstateError(e, 'bad_input')).toBe(true);
      expect((e as Error).message).toMatch(/^broken\.yaml:\d+:\d+: /);
    }
  });
  test('a NaN value is bad_input naming its position', () => {
    expect(() => loadDocuments('kind: Pod\nx: .nan\n', 'n.yaml')).toThrow(
      'n.yaml:2:4: error converting YAML to JSON: json: unsupported value: NaN',
    );
  });
});
