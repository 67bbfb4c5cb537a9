import { describe, expect, it } from 'vitest';
import { formatFieldError } from './fieldErrors.js';
import type { ConfigMap, Secret } from './types.js';
import { validateConfigMap, validateSecret } from './validateConfigObjects.js';

const secret = (data: Record<string, string>, extra: Partial<Secret> = {}): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's1', namespace: 'default' },
  data,
  ...extra,
});
const cm = (data: Record<string, string>, binaryData?: Record<string, string>): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c1', namespace: 'default' },
  data,
  ...(binaryData ? { binaryData } : {}),
});

describe('validateSecret (ValidateSecret)', () => {
  it('ValidateSecret: a valid Opaque secret has no errors', () => {
    expect(validateSecret(secret({ 'tls.crt': 'aGVsbG8=' }))).toEqual([]);
  });
  it('ValidateSecret: invalid keys use IsConfigMapKey wording on data[key]', () => {
    expect(validateSecret(secret({ '..data': 'eA==' })).map(formatFieldError)).toEqual([
      `data[..data]: Invalid value: "..data": must not start with '..'`,
    ]);
  });
  it('ValidateSecret: base64 that does not decode is rejected without echoing the value', () => {
    const errs = validateSecret(secret({ password: 'hunter2!' }));
    expect(errs.map(formatFieldError)).toEqual([
      'data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 7',
    ]);
    expect(JSON.stringify(errs)).not.toContain('hunter2');
  });
  it('ValidateSecret: the total size is limited to 1 MiB', () => {
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(validateSecret(secret({ big })).map(formatFieldError)).toEqual([
      'data: Too long: may not be more than 1048576 bytes',
    ]);
  });
  it('ValidateSecret: kubernetes.io/tls requires tls.crt and tls.key', () => {
    expect(validateSecret(secret({}, { type: 'kubernetes.io/tls' })).map(formatFieldError)).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
  });
  it('ValidateSecret: stringData is merged into data before validation', () => {
    expect(
      validateSecret(
        secret({}, { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } }),
      ),
    ).toEqual([]);
  });
});

describe('validateConfigMap (ValidateConfigMap)', () => {
  it('ValidateConfigMap: a key in both data and binaryData', () => {
    expect(validateConfigMap(cm({ k: 'v' }, { k: 'dg==' })).map(formatFieldError)).toEqual([
      'data[k]: Invalid value: "k": duplicate of key present in binaryData',
    ]);
  });
  it('ValidateConfigMap: invalid keys in both bags', () => {
    expect(validateConfigMap(cm({ 'a/b': 'v' }, { '.': 'dg==' })).map((e) => e.field)).toEqual([
      'data[a/b]',
      'binaryData[.]',
    ]);
  });
  it('ValidateConfigMap: undecodable binaryData', () => {
    expect(validateConfigMap(cm({}, { b: '***' })).map(formatFieldError)).toEqual([
      'binaryData[b]: Invalid value: "b": illegal base64 data at input byte 0',
    ]);
  });
  it('ValidateConfigMap: total size over 1 MiB is reported on the whole object', () => {
    const errs = validateConfigMap(cm({ a: 'x'.repeat(1024 * 1024), b: 'y' }));
    expect(errs).toEqual([{ field: '', type: 'Too long', detail: 'may not be more than 1048576 bytes' }]);
    // As kubectl prints it: `ConfigMap "big" is invalid: []: Too long: …`, never an empty field.
    expect(errs.map(formatFieldError)).toEqual(['[]: Too long: may not be more than 1048576 bytes']);
  });
  it('ValidateObjectMeta: a missing name', () => {
    const c = cm({});
    c.metadata.name = '';
    expect(validateConfigMap(c).map(formatFieldError)).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });
});
