import { describe, expect, it } from 'vitest';
import { formatFieldError } from './fieldErrors.js';
import type { Volume, VolumeProjection } from './types.js';
import { validateVolumes } from './validateVolumes.js';
import { isConfigMapKey, isQualifiedName } from './volumePaths.js';
import { decodeBase64Std } from './volumePathsBase64.js';
import { canonicalQuantity, milliValue, parseQuantity, wholeValue } from './volumePathsQuantity.js';

const projected = (sources: VolumeProjection[], defaultMode?: number): Volume[] => [
  { name: 'p', projected: defaultMode === undefined ? { sources } : { sources, defaultMode } },
];
const run = (v: Volume[]) => validateVolumes(v, 'spec.volumes').map(formatFieldError);

describe('validateProjectionSources', () => {
  it('validateProjectionSources: a repeated item path across sources is "conflicting duplicate paths"', () => {
    expect(
      run(
        projected([
          { secret: { name: 's1', items: [{ key: 'a', path: 'same' }] } },
          { configMap: { name: 'c1', items: [{ key: 'b', path: 'same' }] } },
        ]),
      ),
    ).toEqual(['spec.volumes[0].projected: Invalid value: "c1": conflicting duplicate paths']);
  });

  it('validateProjectionSources: a downwardAPI duplicate reports the path as the value', () => {
    expect(
      run(
        projected([
          { secret: { name: 's1', items: [{ key: 'a', path: 'x' }] } },
          { downwardAPI: { items: [{ path: 'x', fieldRef: { fieldPath: 'metadata.name' } }] } },
        ]),
      ),
    ).toEqual(['spec.volumes[0].projected: Invalid value: "x": conflicting duplicate paths']);
  });

  it('validateProjectionSources: the serviceAccountToken path is not in the duplicate set', () => {
    expect(
      run(
        projected([
          { secret: { name: 's1', items: [{ key: 'a', path: 'token' }] } },
          { serviceAccountToken: { path: 'token' } },
        ]),
      ),
    ).toEqual([]);
  });

  it('validateProjectionSources: two kinds in one source are Forbidden', () => {
    expect(run(projected([{ secret: { name: 's' }, configMap: { name: 'c' } }]))).toEqual([
      'spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source',
    ]);
  });

  it('validateProjectionSources: expirationSeconds bounds and a missing token path', () => {
    expect(run(projected([{ serviceAccountToken: { path: 't', expirationSeconds: 599 } }]))).toEqual([
      'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    ]);
    expect(run(projected([{ serviceAccountToken: { path: 't', expirationSeconds: 2 ** 32 + 1 } }]))).toEqual([
      'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
    ]);
    expect(run(projected([{ serviceAccountToken: { path: '' } }]))).toEqual([
      'spec.volumes[0].projected.path: Required value',
    ]);
    expect(run(projected([{ serviceAccountToken: { path: '../t' } }]))).toEqual([
      `spec.volumes[0].projected.path: Invalid value: "../t": must not contain '..'`,
    ]);
  });

  it('validateProjectionSources: "good service account defaults expiration" (no expirationSeconds is 3600)', () => {
    expect(run(projected([{ serviceAccountToken: { path: 'token' } }]))).toEqual([]);
  });

  it('validateProjectedVolumeSource: defaultMode outside 0..0777', () => {
    expect(run(projected([], 0o1000))).toEqual([
      'spec.volumes[0].projected.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
    ]);
  });
});

describe('validateObjectFieldSelector / validateContainerResourceDivisor', () => {
  const dw = (fieldPath: string): Volume[] => [
    { name: 'd', downwardAPI: { items: [{ path: 'f', fieldRef: { apiVersion: 'v1', fieldPath } }] } },
  ];
  it('validateObjectFieldSelector: env-only paths are Unsupported in volumes', () => {
    expect(run(dw('spec.nodeName'))).toEqual([
      'spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
    ]);
  });
  it('validateObjectFieldSelector: an unknown label fails conversion', () => {
    expect(run(dw('metadata.foo'))).toEqual([
      'spec.volumes[0].downwardAPI.fieldRef.fieldPath: Invalid value: "metadata.foo": error converting fieldPath: field label not supported: metadata.foo',
    ]);
  });
  it("validateObjectFieldSelector: labels subscripts are checked as-is (metadata.labels['Www.k8s.io/test'] fails)", () => {
    const errs = validateVolumes(dw("metadata.labels['Www.k8s.io/test']"), 'spec.volumes');
    expect(errs[0]?.field).toBe('spec.volumes[0].downwardAPI.fieldRef');
    expect(errs[0]?.detail).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(run(dw("metadata.annotations['Www.k8s.io/test']"))).toEqual([]);
  });
  it.each([
    ['limits.cpu', '1m', true],
    ['limits.cpu', '1', true],
    ['limits.cpu', '1000m', true],
    ['limits.cpu', '2m', false],
    ['requests.memory', '1Mi', true],
    ['requests.memory', '1024Ki', true],
    ['requests.memory', '1024', false],
    ['limits.ephemeral-storage', '1G', true],
  ])('validateContainerResourceDivisor %s divisor %s valid=%s', (resource, divisor, ok) => {
    const errs = validateVolumes(
      [
        {
          name: 'd',
          downwardAPI: {
            items: [{ path: 'f', resourceFieldRef: { containerName: 'c', resource, divisor } }],
          },
        },
      ],
      'spec.volumes',
    );
    expect(errs.length === 0).toBe(ok);
  });
  it('validateContainerResourceFieldSelector: a volume item needs containerName', () => {
    expect(
      run([
        { name: 'd', downwardAPI: { items: [{ path: 'f', resourceFieldRef: { resource: 'limits.cpu' } }] } },
      ]),
    ).toEqual(['spec.volumes[0].downwardAPI.resourceFieldRef.containerName: Required value']);
  });
});

describe('apimachinery validation helpers', () => {
  it('IsConfigMapKey: exact messages', () => {
    expect(isConfigMapKey('a b')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(isConfigMapKey('.')).toEqual(["must not be '.'"]);
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
    expect(isConfigMapKey('..data')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('k'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isConfigMapKey('tls.crt')).toEqual([]);
  });
  it('IsQualifiedName: empty name part and bad prefix', () => {
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
  });
});

describe('resource.Quantity subset', () => {
  it.each([
    ['100m', 100n, 1n],
    ['1200m', 1200n, 2n],
    ['1', 1000n, 1n],
    ['1Ki', 1024000n, 1024n],
    ['1.5', 1500n, 2n],
    ['1e3', 1000000n, 1000n],
  ])('parseQuantity(%s): milli %d, value %d', (s, milli, whole) => {
    const q = parseQuantity(s);
    expect(q && milliValue(q)).toBe(milli);
    expect(q && wholeValue(q)).toBe(whole);
  });
  it.each([
    ['1000m', '1'],
    ['1024Ki', '1Mi'],
    ['1000', '1k'],
    ['1536', '1536'],
    ['0.001', '1m'],
    ['512Ki', '512Ki'],
  ])('canonicalQuantity(%s) = %s', (s, want) => {
    const q = parseQuantity(s);
    expect(q && canonicalQuantity(q)).toBe(want);
  });
  it('parseQuantity rejects garbage', () => {
    expect(parseQuantity('1 Gi')).toBeUndefined();
    expect(parseQuantity('abc')).toBeUndefined();
  });
});

describe('decodeBase64Std (Go base64.StdEncoding)', () => {
  it('decodes padded input and skips newlines', () => {
    const r = decodeBase64Std('aGVs\nbG8=');
    expect('bytes' in r && new TextDecoder().decode(r.bytes)).toBe('hello');
  });
  it.each([
    ['abc', 0],
    ['ab!d', 2],
    ['a===', 1],
    ['ab=', 3],
    ['ab==x', 4],
  ])('illegal base64 data at input byte: %j → %d', (s, at) => {
    expect(decodeBase64Std(s)).toEqual({ errorAt: at });
  });
});
