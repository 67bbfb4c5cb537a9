import { describe, expect, test } from 'vitest';
import { defaultPod } from './defaultPod.js';
import { formatFieldError } from './fieldErrors.js';
import { podWarnings } from './podWarnings.js';
import type { Container, Pod } from './types.js';
import { validateNode } from './validateNode.js';
import { validatePod } from './validatePod.js';

const pod = (spec: Partial<Pod['spec']>, meta: Partial<Pod['metadata']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ...meta },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});
const errors = (p: Pod): string[] => validatePod(defaultPod(p)).map(formatFieldError);
const c = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: 'img', ...extra });
const sidecar = (name: string, extra: Partial<Container> = {}): Container =>
  c(name, { restartPolicy: 'Always', ...extra });
const exec = { exec: { command: ['true'] } };
const label63 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

test('ValidatePodCreate: a minimal defaulted Pod is valid', () => {
  expect(errors(pod({}))).toEqual([]);
});

describe('ValidateObjectMeta (TestValidateObjectMeta-style cases)', () => {
  test.each([
    [{ name: '' }, 'metadata.name: Required value: name or generateName is required'],
    [
      { name: 'Web' },
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
    [
      { name: 'a'.repeat(254) },
      `metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`,
    ],
    [{ namespace: 'my.ns' }, 'metadata.namespace: Invalid value: "my.ns": must not contain dots'],
    [
      { labels: { 'app/x/y': 'a' } },
      "metadata.labels: Invalid value: \"app/x/y\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ])('ValidateObjectMeta: %j', (meta, want) => {
    expect(errors(pod({}, meta as Partial<Pod['metadata']>))).toEqual([want]);
  });
  test('ValidateNode: cluster-scoped, so a namespace is forbidden', () => {
    expect(
      validateNode({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'x' } }).map(
        formatFieldError,
      ),
    ).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });
});

describe('validateContainers (cases after TestValidateContainers)', () => {
  test.each<[string, Container[], string[]]>([
    ['zero-length name', [c('')], ['spec.containers[0].name: Required value']],
    [
      'name not a DNS label',
      [c('a.b.c')],
      ['spec.containers[0].name: Invalid value: "a.b.c": must not contain dots'],
    ],
    ['name with uppercase', [c('App')], [`spec.containers[0].name: Invalid value: "App": ${label63}`]],
    [
      'name > 63 characters',
      [c('a'.repeat(64))],
      [`spec.containers[0].name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ],
    ['name not unique', [c('app'), c('app')], ['spec.containers[1].name: Duplicate value: "app"']],
    ['zero-length image', [{ name: 'app', image: '' }], ['spec.containers[0].image: Required value']],
    [
      'image with trailing whitespace (validateContainerOnlyForPod)',
      [c('app', { image: 'nginx ' })],
      ['spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace'],
    ],
    [
      'invalid imagePullPolicy',
      [c('app', { imagePullPolicy: 'Sometimes' as never })],
      [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
    ],
    [
      'invalid terminationMessagePolicy',
      [c('app', { terminationMessagePolicy: 'Bad' })],
      [
        'spec.containers[0].terminationMessagePolicy: Unsupported value: "Bad": supported values: "File", "FallbackToLogsOnError"',
      ],
    ],
    [
      'restartPolicy on a regular container',
      [c('app', { restartPolicy: 'Always' })],
      ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    ],
    [
      'liveness probe successThreshold != 1',
      [c('app', { livenessProbe: { ...exec, successThreshold: 2 } })],
      ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
    [
      'startup probe successThreshold != 1',
      [c('app', { startupProbe: { ...exec, successThreshold: 2 } })],
      ['spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
    [
      'readiness probe successThreshold 2 is fine',
      [c('app', { readinessProbe: { ...exec, successThreshold: 2 } })],
      [],
    ],
    [
      'readiness probe with terminationGracePeriodSeconds',
      [c('app', { readinessProbe: { ...exec, terminationGracePeriodSeconds: 10 } })],
      [
        'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes',
      ],
    ],
    [
      'probe with negative timing',
      [c('app', { livenessProbe: { ...exec, initialDelaySeconds: -1 } })],
      [
        'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
    [
      'probe without handler',
      [c('app', { livenessProbe: {} })],
      ['spec.containers[0].livenessProbe: Required value: must specify a handler type'],
    ],
    [
      'lifecycle preStop exec without command',
      [c('app', { lifecycle: { preStop: { exec: {} } } })],
      ['spec.containers[0].lifecycle.preStop.exec.command: Required value'],
    ],
    [
      'lifecycle with two handlers',
      [c('app', { lifecycle: { postStart: { exec: { command: ['a'] }, tcpSocket: { port: 80 } } } })],
      [
        'spec.containers[0].lifecycle.postStart.tcpSocket: Forbidden: may not specify more than 1 handler type',
      ],
    ],
    [
      'httpGet port out of range',
      [c('app', { readinessProbe: { httpGet: { port: 70000 } } })],
      [
        'spec.containers[0].readinessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'sleep longer than the grace period',
      [c('app', { lifecycle: { preStop: { sleep: { seconds: 31 } } } })],
      [
        'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)',
      ],
    ],
    [
      'volumeMount of a missing volume',
      [c('app', { volumeMounts: [{ name: 'data', mountPath: '/d' }] })],
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
  ])('validateContainers: %s', (_name, containers, want) => {
    expect(errors(pod({ containers }))).toEqual(want);
  });
  test('validateContainers: containers required', () => {
    expect(errors(pod({ containers: [] }))).toEqual(['spec.containers: Required value']);
  });
});

describe('validateInitContainers (cases after TestValidateInitContainers)', () => {
  test.each<[string, Container[], string[]]>([
    [
      'name shared with a regular container',
      [c('app')],
      ['spec.initContainers[0].name: Duplicate value: "app"'],
    ],
    [
      'duplicate init names',
      [c('init'), c('init')],
      ['spec.initContainers[1].name: Duplicate value: "init"'],
    ],
    [
      'restartPolicy other than Always',
      [c('init', { restartPolicy: 'Never' as never })],
      ['spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'liveness probe on a regular init container',
      [c('init', { livenessProbe: exec })],
      [
        'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      ],
    ],
    [
      'startup probe on a regular init container',
      [c('init', { startupProbe: exec })],
      [
        'spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      ],
    ],
    [
      'lifecycle on a regular init container',
      [c('init', { lifecycle: { postStart: exec } })],
      [
        'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
      ],
    ],
    [
      'sidecar with startup, liveness and readiness probes and hooks',
      [
        sidecar('proxy', {
          startupProbe: exec,
          livenessProbe: exec,
          readinessProbe: exec,
          lifecycle: { preStop: exec },
        }),
      ],
      [],
    ],
    [
      'sidecar liveness successThreshold != 1',
      [sidecar('proxy', { livenessProbe: { ...exec, successThreshold: 3 } })],
      ['spec.initContainers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1'],
    ],
  ])('validateInitContainers: %s', (_name, initContainers, want) => {
    expect(errors(pod({ initContainers }))).toEqual(want);
  });
});

describe('ValidatePodSpec (cases after TestValidatePodSpec)', () => {
  test('validateRestartPolicy: Unsupported value lists the supported ones in upstream order', () => {
    expect(errors(pod({ restartPolicy: 'Sometimes' as never }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });
  test('validateDNSPolicy: unknown policy', () => {
    expect(errors(pod({ dnsPolicy: 'Cluster' }))).toEqual([
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });
  test('ValidateLabels on nodeSelector names the map, not the key', () => {
    expect(errors(pod({ nodeSelector: { disk: 'ssd!' } }))).toEqual([
      "spec.nodeSelector: Invalid value: \"ssd!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
  test('validateReadinessGates: conditionType must be a qualified name', () => {
    expect(
      errors(pod({ readinessGates: [{ conditionType: 'example.com/ok' }, { conditionType: '/bad' }] })),
    ).toEqual(['spec.readinessGates[1].conditionType: Invalid value: "/bad": prefix part must be non-empty']);
  });
  test('ValidateHostAliases: IPs (sloppy IPv4 and IPv6 accepted) and hostnames', () => {
    expect(
      errors(
        pod({
          hostAliases: [
            { ip: '10.0.0.1', hostnames: ['db.local'] },
            { ip: '010.0.0.1' },
            { ip: '2001:db8::1' },
            { ip: '::ffff:1.2.3.4' },
            { ip: '300.1.1.1', hostnames: ['Bad_Host'] },
          ],
        }),
      ),
    ).toEqual([
      'spec.hostAliases[4].ip: Invalid value: "300.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      "spec.hostAliases[4].hostnames[0]: Invalid value: \"Bad_Host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });
  test('ValidatePodSpec: terminationGracePeriodSeconds is required on an undefaulted spec', () => {
    const p = defaultPod(pod({}));
    delete p.spec.terminationGracePeriodSeconds;
    expect(validatePod(p).map(formatFieldError)).toEqual([
      'spec.terminationGracePeriodSeconds: Required value',
    ]);
  });
  test('BeforeDelete (apiserver rest/delete.go) and killContainer: a grace period past a Go time.Duration is refused, one that fits is not', () => {
    expect(errors(pod({ terminationGracePeriodSeconds: 9_223_372_036 }))).toEqual([]);
    expect(errors(pod({ terminationGracePeriodSeconds: 2 ** 53 }))).toEqual([
      'spec.terminationGracePeriodSeconds: Invalid value: 9007199254740992: must be at most 9223372036 (the longest grace period, in seconds, a Go time.Duration can hold)',
    ]);
  });
  test('GetWarningsForPodTemplate: a negative grace period is accepted with a warning, not an error', () => {
    const p = pod({ terminationGracePeriodSeconds: -5 });
    expect(errors(p)).toEqual([]);
    expect(podWarnings(p)).toEqual([
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    ]);
  });
  test('validatePodMetadataAndSpec: a token projection needs a serviceAccountName', () => {
    const p = pod({
      volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    });
    expect(errors(p)).toContain(
      'spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set',
    );
  });
});

describe('validateContainerPorts and ValidateVolumeMounts path rules (pkg/apis/core/validation)', () => {
  test('validateContainerPorts: containerPort and hostPort must be valid port numbers (IsValidPortNum)', () => {
    expect(
      errors(pod({ containers: [c('app', { ports: [{ containerPort: 70000, hostPort: 70001 }] })] })),
    ).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].hostPort: Invalid value: 70001: must be between 1 and 65535, inclusive',
    ]);
    expect(errors(pod({ containers: [c('app', { ports: [{ containerPort: 8080 }] })] }))).toEqual([]);
  });

  test('ValidateVolumeMounts → validateLocalDescendingPath: subPath and subPathExpr relative, no ".."', () => {
    const volumes = [{ name: 'v', emptyDir: {} }];
    const mount = (m: Record<string, string>) =>
      errors(
        pod({ volumes, containers: [c('app', { volumeMounts: [{ name: 'v', mountPath: '/m', ...m }] })] }),
      );
    expect(mount({ subPath: '../etc' })).toEqual([
      `spec.containers[0].volumeMounts.subPath: Invalid value: "../etc": must not contain '..'`,
    ]);
    expect(mount({ subPathExpr: '/abs' })).toEqual([
      'spec.containers[0].volumeMounts.subPathExpr: Invalid value: "/abs": must be a relative path',
    ]);
    expect(mount({ subPath: 'a', subPathExpr: 'b' })).toEqual([
      'spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: "b": subPathExpr and subPath are mutually exclusive',
    ]);
    expect(mount({ subPath: 'a/b' })).toEqual([]);
  });
});
