import type { FieldError } from './fieldErrors.js';
import type { Container, EnvVar, Volume } from './types.js';
import { isConfigMapKey, isDNS1123Subdomain, validateLocalDescendingPath } from './volumePaths.js';
import {
  envFieldPaths,
  validateContainerResourceFieldSelector,
  validateObjectFieldSelector,
} from './volumePathsDownward.js';

const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  field,
  type: 'Invalid value',
  value,
  detail,
});

/** NameIsDNSSubdomain(name, prefix): with prefix a trailing `-` is allowed (maskTrailingDash). */
function objectNameErrors(name: string, prefix: boolean): string[] {
  const masked = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  return isDNS1123Subdomain(masked);
}

/**
 * IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, on by default since 1.32): any
 * printable ASCII except `=`.
 */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name must be non-empty');
  if ([...value].some((c) => c < ' ' || c > '~' || c === '=')) {
    errs.push(
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    );
  }
  return errs;
}

function validateKeySelector(s: { name: string; key: string }, field: string): FieldError[] {
  const errs = objectNameErrors(s.name ?? '', false).map((d) => invalid(`${field}.name`, s.name, d));
  if (!s.key) errs.push({ field: `${field}.key`, type: 'Required value' });
  else errs.push(...isConfigMapKey(s.key).map((d) => invalid(`${field}.key`, s.key, d)));
  return errs;
}

/** validateEnvVarValueFrom: exactly one source, env field paths, resource divisors, key selectors. */
function validateEnvVarValueFrom(ev: EnvVar, field: string): FieldError[] {
  const vf = ev.valueFrom;
  if (!vf) return [];
  const errs: FieldError[] = [];
  let n = 0;
  if (vf.fieldRef) {
    n++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, envFieldPaths, `${field}.fieldRef`));
  }
  if (vf.resourceFieldRef) {
    n++;
    errs.push(
      ...validateContainerResourceFieldSelector(vf.resourceFieldRef, `${field}.resourceFieldRef`, false),
    );
  }
  if (vf.configMapKeyRef) {
    n++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, `${field}.configMapKeyRef`));
  }
  if (vf.secretKeyRef) {
    n++;
    errs.push(...validateKeySelector(vf.secretKeyRef, `${field}.secretKeyRef`));
  }
  if (n === 0) {
    errs.push(
      invalid(
        field,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (ev.value) errs.push(invalid(field, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** ValidateEnv + ValidateEnvFrom for one container (`path` like `spec.containers[0]`). Pure. */
export function validateContainerEnv(container: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (container.env ?? []).forEach((ev, i) => {
    const idx = `${path}.env[${i}]`;
    if (!ev.name) errs.push({ field: `${idx}.name`, type: 'Required value' });
    else errs.push(...isRelaxedEnvVarName(ev.name).map((d) => invalid(`${idx}.name`, ev.name, d)));
    errs.push(...validateEnvVarValueFrom(ev, `${idx}.valueFrom`));
  });
  const fromPath = `${path}.envFrom`;
  (container.envFrom ?? []).forEach((ef, i) => {
    const idx = `${fromPath}[${i}]`;
    if (ef.prefix)
      errs.push(...isRelaxedEnvVarName(ef.prefix).map((d) => invalid(`${idx}.prefix`, ef.prefix, d)));
    let n = 0;
    for (const [key, ref] of [
      ['configMapRef', ef.configMapRef],
      ['secretRef', ef.secretRef],
    ] as const) {
      if (!ref) continue;
      n++;
      if (!ref.name) errs.push({ field: `${idx}.${key}.name`, type: 'Required value' });
      else
        errs.push(...objectNameErrors(ref.name, true).map((d) => invalid(`${idx}.${key}.name`, ref.name, d)));
    }
    // Upstream reports these two against the envFrom list, not the item.
    if (n === 0) errs.push(invalid(fromPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(fromPath, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/**
 * ValidateVolumeMounts for one container: name must match a volume (Not found), mountPath
 * Required and unique, subPath local and without `..` (reported, as upstream does, on
 * `<path>.volumeMounts.subPath` without the index). Pure.
 */
export function validateVolumeMounts(
  container: Container,
  volumes: readonly Volume[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((volumes ?? []).map((v) => v.name));
  const seen = new Set<string>();
  const listPath = `${path}.volumeMounts`;
  (container.volumeMounts ?? []).forEach((m, i) => {
    const idx = `${listPath}[${i}]`;
    if (!m.name) errs.push({ field: `${idx}.name`, type: 'Required value' });
    if (!names.has(m.name)) errs.push({ field: `${idx}.name`, type: 'Not found', value: m.name });
    if (!m.mountPath) errs.push({ field: `${idx}.mountPath`, type: 'Required value' });
    if (seen.has(m.mountPath)) errs.push(invalid(`${idx}.mountPath`, m.mountPath, 'must be unique'));
    seen.add(m.mountPath);
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${listPath}.subPath`));
  });
  return errs;
}
