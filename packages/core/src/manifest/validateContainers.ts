import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
} from './fieldErrors.js';
import { dns1123LabelErrors } from './nameRules.js';
import type { Container } from './types.js';
import { validateHooksAndProbes } from './validateProbes.js';
import { validateLocalDescendingPath } from './volumePaths.js';

/** What container validation needs from the Pod spec. */
export interface ContainerContext {
  /** Names of the Pod's volumes (volumeMounts must name one). */
  volumes: ReadonlySet<string>;
  /** spec.terminationGracePeriodSeconds, bounding sleep hooks. */
  gracePeriod?: number;
}

const portRange = 'must be between 1 and 65535, inclusive';

/** validateContainerPorts: containerPort required and a valid port, hostPort valid when set, protocol supported. */
function validateContainerPorts(c: Container, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (c.ports ?? []).forEach((p, i) => {
    const f = `${field}[${i}]`;
    const port = p.containerPort ?? 0;
    if (port === 0) errs.push(required(`${f}.containerPort`));
    else if (port < 1 || port > 65535) errs.push(invalid(`${f}.containerPort`, port, portRange));
    const host = p.hostPort ?? 0;
    if (host !== 0 && (host < 1 || host > 65535)) errs.push(invalid(`${f}.hostPort`, host, portRange));
    const protocol = (p as { protocol?: string }).protocol;
    if (protocol != null && protocol !== '' && !['TCP', 'UDP', 'SCTP'].includes(protocol))
      errs.push(notSupported(`${f}.protocol`, protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

/**
 * validateContainerCommon: name (required, DNS-1123 label), image (required),
 * terminationMessagePolicy, volumeMounts, imagePullPolicy. Expects a defaulted container.
 */
function validateContainerCommon(c: Container, field: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${field}.name`));
  else errs.push(...dns1123LabelErrors(c.name).map((m) => invalid(`${field}.name`, c.name, m)));
  if (!c.image) errs.push(required(`${field}.image`));
  const tmp = c.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(`${field}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(notSupported(`${field}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  }
  const mountPoints = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const f = `${field}.volumeMounts[${i}]`;
    if (!m.name) errs.push(required(`${f}.name`));
    if (!ctx.volumes.has(m.name ?? '')) errs.push(notFound(`${f}.name`, m.name ?? ''));
    if (!m.mountPath) errs.push(required(`${f}.mountPath`));
    if (mountPoints.has(m.mountPath ?? ''))
      errs.push(invalid(`${f}.mountPath`, m.mountPath ?? '', 'must be unique'));
    mountPoints.add(m.mountPath ?? '');
    // ValidateVolumeMounts reports these against the list's path, without the index.
    const sub = m.subPath ?? '';
    const expr = (m as { subPathExpr?: string }).subPathExpr ?? '';
    if (sub !== '') errs.push(...validateLocalDescendingPath(sub, `${field}.volumeMounts.subPath`));
    if (expr !== '') {
      if (sub !== '')
        errs.push(invalid(`${f}.subPathExpr`, expr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(expr, `${field}.volumeMounts.subPathExpr`));
    }
  });
  errs.push(...validateContainerPorts(c, `${field}.ports`));
  const policy: string = c.imagePullPolicy ?? '';
  if (policy === '') errs.push(required(`${field}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(policy)) {
    errs.push(notSupported(`${field}.imagePullPolicy`, policy, ['Always', 'IfNotPresent', 'Never']));
  }
  return errs;
}

/**
 * validateContainers: at least one container; names unique among regular containers; hooks and
 * probes checked; a container-level restartPolicy is forbidden on regular containers.
 */
export function validateContainers(
  containers: readonly Container[] | undefined,
  field: string,
  ctx: ContainerContext,
): FieldError[] {
  if (!containers || containers.length === 0) return [required(field)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const f = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, f, ctx));
    if (names.has(c.name ?? '')) errs.push(duplicate(`${f}.name`, c.name ?? ''));
    else names.add(c.name ?? '');
    errs.push(...validateHooksAndProbes(c, f, ctx.gracePeriod));
    if (c.restartPolicy != null)
      errs.push(forbidden(`${f}.restartPolicy`, 'may not be set for non-init containers'));
  });
  return errs;
}

const noRestartAlways = 'may not be set for init containers without restartPolicy=Always';

/**
 * validateInitContainers: restartPolicy only `Always` (a sidecar); names unique across regular
 * and init containers; sidecars may have hooks and probes (startupProbe included), regular init
 * containers may not.
 * @internal
 */
export function validateInitContainers(
  inits: readonly Container[] | undefined,
  regular: readonly Container[] | undefined,
  field: string,
  ctx: ContainerContext,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (inits ?? []).forEach((c, i) => {
    const f = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, f, ctx));
    const policy = c.restartPolicy as string | undefined;
    if (policy != null && policy !== 'Always')
      errs.push(notSupported(`${f}.restartPolicy`, policy, ['Always']));
    if (names.has(c.name ?? '')) errs.push(duplicate(`${f}.name`, c.name ?? ''));
    else if (c.name) names.add(c.name);
    if (policy === 'Always') {
      errs.push(...validateHooksAndProbes(c, f, ctx.gracePeriod));
    } else {
      if (c.lifecycle) errs.push(forbidden(`${f}.lifecycle`, noRestartAlways));
      if (c.livenessProbe) errs.push(forbidden(`${f}.livenessProbe`, noRestartAlways));
      if (c.readinessProbe) errs.push(forbidden(`${f}.readinessProbe`, noRestartAlways));
      if (c.startupProbe) errs.push(forbidden(`${f}.startupProbe`, noRestartAlways));
    }
  });
  return errs;
}
