import { describe, expect, it } from 'vitest';
import { JsonPath, JsonPathError, relaxedJsonPath } from './jsonpath.js';

// The input of kubernetes.io/docs/reference/kubectl/jsonpath (and client-go jsonpath_test.go's
// TestKubernetes), the same List kubectl evaluates a template against.
const docs = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2' },
      status: {
        capacity: { cpu: '8' },
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};
const run = (t: string, data: unknown = docs) => new JsonPath(t).execute(data);

describe('kubectl JSONPath (client-go util/jsonpath Parse, FindResults, PrintResults)', () => {
  it.each([
    ['{.kind}', 'List'],
    ["{['kind']}", 'List'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ['{.users[0].name}', 'myself'],
    ['{.items[-1:].metadata.name}', '127.0.0.2'],
    ['{.items[0:1].metadata.name}', '127.0.0.1'],
    ['{.users[1:].name}', 'e2e'],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    [
      '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}',
      '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
    ],
    ["{range .items[*]}{.metadata.name}{'\\t'}{end}", '127.0.0.1\t127.0.0.2\t'],
    ['{.items[*].status.addresses[?(@.type=="another")].address}', '127.0.0.3'],
    ['{.items[?(@.metadata.labels)].metadata.name}', '127.0.0.1'],
    ['{.users[*].user.username}', 'admin'],
    ['kind is {.kind}{"\\n"}', 'kind is List\n'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.items[*].status.addresses[*].address}', '127.0.0.1 127.0.0.2 127.0.0.3'],
    ['{.missing}', ''],
    ['{.users[1].user}', '{"password":"secret","username":"admin"}'],
  ])('%s → %j (kubectl jsonpath docs / jsonpath_test.go)', (template, expected) => {
    expect(run(template)).toBe(expected);
  });

  it('numbers and booleans print as Go prints them; filters compare numbers as numbers', () => {
    const data = {
      items: [
        { n: 1, ok: true },
        { n: 5, ok: false },
        { n: 12, ok: true },
      ],
    };
    expect(run('{.items[?(@.n > 4)].n}', data)).toBe('5 12');
    expect(run('{.items[?(@.ok == true)].n}', data)).toBe('1 12');
    expect(run('{.items[*].ok}', data)).toBe('true false true');
    // A string's elements are its bytes (Go's reflect Index on a string).
    expect(run('{.kind.*}')).toBe('76 105 115 116');
  });

  it('nested range/end: each item is the root of the range body', () => {
    expect(run('{range .items[*]}{.metadata.name}:{range .status.addresses[*]} {.address}{end};{end}')).toBe(
      '127.0.0.1: 127.0.0.1;127.0.0.2: 127.0.0.2 127.0.0.3;',
    );
  });

  it.each([
    ['{.kind', 'unclosed action'],
    ['{end}', 'not in range, nothing to end'],
    ['{.items[a]}', 'invalid array index a'],
    ['{.items[5]}', 'array index out of bounds: index 5, length 2'],
    ['{foo}', 'unrecognized identifier foo'],
    ['{....name}', 'invalid multiple recursive descent'],
  ])('%s is refused with client-go’s message: %s', (template, message) => {
    expect(() => run(template)).toThrow(new JsonPathError(message));
  });

  it('RelaxedJSONPathExpression (kubectl get/customcolumn.go) accepts a.b, .a.b, {a.b}, {.a.b}', () => {
    for (const e of ['metadata.name', '.metadata.name', '{metadata.name}', '{.metadata.name}']) {
      expect(relaxedJsonPath(e)).toBe('{.metadata.name}');
    }
    expect(() => relaxedJsonPath('{.a}{.b}')).toThrow(/unexpected path string/);
  });
});
