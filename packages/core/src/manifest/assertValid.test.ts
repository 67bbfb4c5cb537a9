import { expect, test } from 'vitest';
import { isPodstateError } from '../errors.js';
import { assertValid } from './assertValid.js';
import { splitFieldPath } from './fieldPath.js';
import { loadDocuments } from './loadDocuments.js';
import { toObjects } from './toObjects.js';

const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Sometimes
  containers:
  - name: app
    image: nginx
  - name: app
    image: nginx
    volumeMounts:
    - name: data
      mountPath: /data
`;

test('splitFieldPath: indices become numbers, other subscripts keys', () => {
  expect(splitFieldPath('spec.containers[1].name')).toEqual(['spec', 'containers', 1, 'name']);
  expect(splitFieldPath('data[tls.crt]')).toEqual(['data', 'tls.crt']);
});

test('assertValid: every field error (in validateContainerCommon-then-Duplicate order) as <file>:<line>: <error>, one bad_input error with a hint', () => {
  const { objects } = toObjects(loadDocuments(yaml, 'pod.yaml'));
  const { doc, object } = objects[0]!;
  try {
    assertValid(object, doc);
    expect.unreachable();
  } catch (e) {
    expect(isPodstateError(e, 'bad_input')).toBe(true);
    expect((e as Error).message).toBe(
      [
        'pod.yaml:1: The Pod "web" is invalid:',
        '  pod.yaml:13: spec.containers[1].volumeMounts[0].name: Not found: "data"',
        '  pod.yaml:10: spec.containers[1].name: Duplicate value: "app"',
        '  pod.yaml:6: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        "Fix the fields above (the messages are the API server's) and run again.",
      ].join('\n'),
    );
  }
});

test('assertValid: a valid object passes (Pods are validated after their API defaults)', () => {
  const { objects } = toObjects(
    loadDocuments(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: a, image: nginx}]\n',
      'ok.yaml',
    ),
  );
  const { doc, object } = objects[0]!;
  expect(() => assertValid(object, doc)).not.toThrow();
});
