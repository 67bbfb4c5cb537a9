import { describe, expect, it } from 'vitest';
import { formatFieldError } from './fieldErrors.js';
import type { Container } from './types.js';
import { validateContainerEnv, validateVolumeMounts } from './volumePathsContainer.js';

const c = (x: Partial<Container>): Container => ({ name: 'app', image: 'i', ...x });
const env = (x: Partial<Container>) => validateContainerEnv(c(x), 'spec.containers[0]').map(formatFieldError);

describe('ValidateEnv / validateEnvVarValueFrom', () => {
  it('validateEnvVarValueFrom: env-only field paths are allowed, volume-only ones are not', () => {
    expect(env({ env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] })).toEqual(
      [],
    );
    expect(env({ env: [{ name: 'L', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }] })).toEqual([
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ]);
  });
  it('validateEnvVarValueFrom: value and valueFrom together, and two sources', () => {
    expect(
      env({ env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }),
    ).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
    expect(
      env({
        env: [
          {
            name: 'A',
            valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } },
          },
        ],
      }),
    ).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time',
    ]);
  });
  it('validateSecretKeySelector: key must be a config key', () => {
    expect(env({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: '..x' } } }] })).toEqual([
      `spec.containers[0].env[0].valueFrom.secretKeyRef.key: Invalid value: "..x": must not start with '..'`,
    ]);
  });
  it('validateContainerResourceDivisor: cpu divisor in env', () => {
    expect(
      env({
        env: [{ name: 'C', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '10m' } } }],
      }),
    ).toEqual([
      `spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
    ]);
  });
  it('ValidateEnvFrom: neither source is reported on the list; a prefix must be printable ASCII without =', () => {
    expect(env({ envFrom: [{ prefix: 'A=' } as never] })).toEqual([
      `spec.containers[0].envFrom[0].prefix: Invalid value: "A=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
    ]);
  });
});

describe('ValidateVolumeMounts', () => {
  it('ValidateVolumeMounts: unknown volume, duplicate mountPath, subPath backsteps', () => {
    const errs = validateVolumeMounts(
      c({
        volumeMounts: [
          { name: 'v', mountPath: '/a' },
          { name: 'nope', mountPath: '/a' },
          { name: 'v', mountPath: '/b', subPath: '../../etc/passwd' },
        ],
      }),
      [{ name: 'v', emptyDir: {} }],
      'spec.containers[0]',
    ).map(formatFieldError);
    expect(errs).toEqual([
      'spec.containers[0].volumeMounts[1].name: Not found: "nope"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      `spec.containers[0].volumeMounts.subPath: Invalid value: "../../etc/passwd": must not contain '..'`,
    ]);
  });
});
