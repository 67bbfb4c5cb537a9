import { type FieldError, forbidden, graceTooLong, invalid, notSupported, required } from './fieldErrors.js';
import type { Container, Handler, Probe } from './types.js';

/** apimachinery IsNegativeErrorMsg. */
const isNegative = 'must be greater than or equal to 0';

const nonNegative = (v: number | undefined, field: string): FieldError[] =>
  (v ?? 0) < 0 ? [invalid(field, v, isNegative)] : [];

/** IsValidPortNum / IsValidPortName, as ValidatePortNumOrName applies them. */
function portNumOrName(port: number | string | undefined, field: string): FieldError[] {
  if (typeof port === 'string') return portNameErrors(port).map((m) => invalid(field, port, m));
  const n = port ?? 0;
  return n >= 1 && n <= 65535 ? [] : [invalid(field, n, 'must be between 1 and 65535, inclusive')];
}

function portNameErrors(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/**
 * validateHandler: exactly one of exec / httpGet / tcpSocket / grpc (probes) / sleep (hooks).
 * `gracePeriod` bounds a sleep action (PodLifecycleSleepActionAllowZero on, as from v1.33).
 */
function validateHandler(
  h: Handler & { grpc?: Probe['grpc'] },
  field: string,
  gracePeriod?: number,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const one = (key: string, check: () => FieldError[]): void => {
    if (count > 0) errs.push(forbidden(`${field}.${key}`, 'may not specify more than 1 handler type'));
    else {
      count++;
      errs.push(...check());
    }
  };
  if (h.exec)
    one('exec', () => ((h.exec?.command ?? []).length === 0 ? [required(`${field}.exec.command`)] : []));
  if (h.httpGet) {
    const g = h.httpGet;
    one('httpGet', () => [
      ...(g.path ? [] : [required(`${field}.httpGet.path`)]),
      ...portNumOrName(g.port, `${field}.httpGet.port`),
      ...(g.scheme === 'HTTP' || g.scheme === 'HTTPS'
        ? []
        : [notSupported(`${field}.httpGet.scheme`, g.scheme ?? '', ['HTTP', 'HTTPS'])]),
    ]);
  }
  if (h.tcpSocket) one('tcpSocket', () => portNumOrName(h.tcpSocket?.port, `${field}.tcpSocket.port`));
  if (h.grpc) one('grpc', () => portNumOrName(h.grpc?.port ?? 0, `${field}.grpc.port`));
  if (h.sleep) {
    const s = h.sleep.seconds;
    one('sleep', () =>
      gracePeriod !== undefined && (s < 0 || s > gracePeriod)
        ? [
            invalid(
              `${field}.sleep`,
              s,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          ]
        : [],
    );
  }
  if (count === 0) errs.push(required(field, 'must specify a handler type'));
  return errs;
}

/** validateProbe: the handler (no sleep), non-negative timings, a positive probe grace period. */
function validateProbe(p: Probe, field: string): FieldError[] {
  const { sleep: _ignored, ...handler } = p;
  return [
    ...validateHandler(handler, field),
    ...nonNegative(p.initialDelaySeconds, `${field}.initialDelaySeconds`),
    ...nonNegative(p.timeoutSeconds, `${field}.timeoutSeconds`),
    ...nonNegative(p.periodSeconds, `${field}.periodSeconds`),
    ...nonNegative(p.successThreshold, `${field}.successThreshold`),
    ...nonNegative(p.failureThreshold, `${field}.failureThreshold`),
    ...(p.terminationGracePeriodSeconds != null && p.terminationGracePeriodSeconds <= 0
      ? [
          invalid(
            `${field}.terminationGracePeriodSeconds`,
            p.terminationGracePeriodSeconds,
            'must be greater than 0',
          ),
        ]
      : []),
    ...graceTooLong(`${field}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds),
  ];
}

/**
 * The lifecycle hooks and the three probes of a container that may have them (a regular container
 * or a sidecar): validateLifecycle, validateLivenessProbe, validateReadinessProbe,
 * validateStartupProbe. Liveness and startup probes need successThreshold 1; a readiness probe
 * may not set terminationGracePeriodSeconds.
 */
export function validateHooksAndProbes(c: Container, field: string, gracePeriod?: number): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle?.postStart)
    errs.push(...validateHandler(c.lifecycle.postStart, `${field}.lifecycle.postStart`, gracePeriod));
  if (c.lifecycle?.preStop)
    errs.push(...validateHandler(c.lifecycle.preStop, `${field}.lifecycle.preStop`, gracePeriod));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const p = c[kind];
    if (!p) continue;
    const f = `${field}.${kind}`;
    errs.push(...validateProbe(p, f));
    if (kind !== 'readinessProbe' && p.successThreshold !== 1) {
      errs.push(invalid(`${f}.successThreshold`, p.successThreshold ?? 0, 'must be 1'));
    }
    if (kind === 'readinessProbe' && p.terminationGracePeriodSeconds != null) {
      errs.push(
        invalid(
          `${f}.terminationGracePeriodSeconds`,
          p.terminationGracePeriodSeconds,
          'must not be set for readinessProbes',
        ),
      );
    }
  }
  return errs;
}
