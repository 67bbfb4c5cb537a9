import { describe, expect, test } from 'vitest';
import { isPodstateError } from '../errors.js';
import { loadDocuments } from './loadDocuments.js';
import { toObjects } from './toObjects.js';

const load = (text: string, file = 'app.yaml') => toObjects(loadDocuments(text, file));

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx
  volumes:
  - name: creds
    secret:
      secretName: creds
      defaultMode: 0400
`;

describe('toObjects', () => {
  test('recognises v1 Pod, Node, Secret, ConfigMap and sets podstate documents aside', () => {
    const r = load(
      `${pod}---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: podstate.dev/v1alpha1\nkind: Scenario\n`,
    );
    expect(r.objects.map((o) => o.object.kind)).toEqual(['Pod', 'Node', 'Secret', 'ConfigMap']);
    expect(r.other.map((d) => (d.object as { kind: string }).kind)).toEqual(['Scenario']);
    const p = r.objects[0]?.object;
    expect(p?.kind === 'Pod' && p.spec.volumes?.[0]?.secret?.defaultMode).toBe(256);
  });
  test('null fields are dropped, as Go leaves them unset', () => {
    const r = load(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: null\nspec:\n  containers:\n  - name: a\n    image: x\n    args: ~\n',
    );
    expect(r.objects[0]?.object).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'a', image: 'x' }] },
    });
  });
  test('an unsupported kind is bad_input naming file, line, kind and the kinds supported', () => {
    expect(() =>
      load(
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n\napiVersion: apps/v1\nkind: Deployment\n',
        'd.yaml',
      ),
    ).toThrow(
      'd.yaml:7: Deployment (apiVersion "apps/v1") is not supported; podstate accepts v1 Pod, Node, Secret, ConfigMap and podstate.dev/v1alpha1 documents.',
    );
  });
  test('a missing kind says so', () => {
    expect(() => load('apiVersion: v1\nmetadata: {name: a}\n', 'k.yaml')).toThrow(
      /^k\.yaml:1: Object 'Kind' is missing in document 1/,
    );
  });
  test('defaultMode: "0400" (quoted) is refused as the API server refuses it, at its line', () => {
    try {
      load(pod.replace('defaultMode: 0400', 'defaultMode: "0400"'));
      expect.unreachable();
    } catch (e) {
      expect(isPodstateError(e, 'bad_input')).toBe(true);
      expect((e as Error).message).toBe(
        'app.yaml:13: Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field SecretVolumeSource.spec.volumes.secret.defaultMode of type int32 (write the number unquoted: YAML reads 0400 as octal 256, "0400" as a string)',
      );
    }
  });
  test('a YAML 1.1 boolean where a string belongs is refused with a hint to quote it', () => {
    expect(() =>
      load('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    enabled: yes\n'),
    ).toThrow(
      'app.yaml:6: Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string (quote the value',
    );
  });
  test('a fractional or out-of-range integer is refused', () => {
    expect(() => load(pod.replace('defaultMode: 0400', 'defaultMode: 1.5'))).toThrow(
      'json: cannot unmarshal number 1.5 into Go struct field SecretVolumeSource.spec.volumes.secret.defaultMode of type int32',
    );
  });
});

describe('strict field validation, as kubectl --validate=strict (the default) reports it', () => {
  const refusal = (text: string): string => {
    try {
      load(text, 'pod.yaml');
    } catch (e) {
      expect(isPodstateError(e, 'bad_input')).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a refusal');
  };
  const base = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n';

  test('unknown fields are listed in the API server wording, each with its line and a suggestion', () => {
    const m = refusal(
      `${base}  containerz: []\n  containers:\n  - name: app\n    image: nginx\n    imagePolicy: Always\n`,
    );
    expect(m.split('\n')).toEqual([
      'pod.yaml:5: Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containerz", unknown field "spec.containers[0].imagePolicy"',
      '  pod.yaml:5: spec.containerz: did you mean "containers"?',
      '  pod.yaml:9: spec.containers[0].imagePolicy: not a field of this object; remove it',
    ]);
  });

  test('fields of v1 podstate does not model are known, not unknown', () => {
    const r = load(
      `${base}  affinity: {}\n  priorityClassName: high\n  containers:\n  - name: app\n    image: nginx\n    resources: {limits: {cpu: 1}}\n    securityContext: {runAsNonRoot: true}\n`,
    );
    expect(r.objects).toHaveLength(1);
  });

  test.each(['__proto__', 'constructor', 'toString'])('a %s key is an unknown field, not a crash', (key) => {
    expect(refusal(`${base}  ${key}: {x: 1}\n  containers: [{name: app, image: nginx}]\n`)).toContain(
      `unknown field "spec.${key}"`,
    );
  });

  test('kind: constructor is an unsupported kind, not a crash', () => {
    expect(refusal('apiVersion: v1\nkind: constructor\nmetadata: {name: x}\n')).toContain(
      'pod.yaml:2: constructor (apiVersion "v1") is not supported',
    );
  });

  test('wrong types are refused by the decoder (spec.containers: "nope")', () => {
    expect(refusal(`${base}  containers: nope\n`)).toContain(
      'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
  });
});

describe('YAML parser limits are bad input with file and line', () => {
  test('an unresolved alias', () => {
    expect(() => loadDocuments('a: 1\nname: *x\n', 'al.yaml')).toThrow(/^al\.yaml:1: YAML: Unresolved alias/);
  });
  test('an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const p = String.fromCharCode(96 + i);
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${p}`).join(', ')}]`,
      );
    }
    expect(() => loadDocuments(lines.join('\n'), 'bomb.yaml')).toThrow(
      /^bomb\.yaml:1: YAML: Excessive alias count/,
    );
  });
});
