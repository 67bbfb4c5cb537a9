import type { FieldError } from './fieldErrors.js';
import type { DownwardAPIVolumeFile, ObjectFieldSelector, ResourceFieldSelector } from './types.js';
import {
  fileModeErrorMsg,
  isQualifiedName,
  isValidFileMode,
  validateLocalNonReservedPath,
} from './volumePaths.js';
import { canonicalQuantity, isZeroQuantity, parseQuantity } from './volumePathsQuantity.js';

/** validVolumeDownwardAPIFieldPathExpressions (pkg/apis/core/validation). */
export const volumeFieldPaths = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
] as const;

/** validEnvDownwardAPIFieldPathExpressions (pkg/apis/core/validation). */
export const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
] as const;

/** validContainerResourceFieldPathExpressions. */
export const resourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
] as const;

const labelsAccepted = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
  'spec.terminationGracePeriodSeconds',
]);

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` → [`metadata.labels`, `k`]. */
export function splitMaybeSubscriptedPath(fieldPath: string): [string, string, boolean] {
  if (!fieldPath.endsWith("']")) return [fieldPath, '', false];
  const s = fieldPath.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return [fieldPath, '', false];
  return [s.slice(0, i), s.slice(i + 2), true];
}

/** pods.ConvertDownwardAPIFieldLabel: the internal field path or Go's error text. */
export function convertDownwardAPIFieldLabel(
  version: string,
  label: string,
): { path: string } | { error: string } {
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const [path, , ok] = splitMaybeSubscriptedPath(label);
  if (ok) {
    return path === 'metadata.annotations' || path === 'metadata.labels'
      ? { path: label }
      : { error: `field label does not support subscript: ${label}` };
  }
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return labelsAccepted.has(label) ? { path: label } : { error: `field label not supported: ${label}` };
}

/** Renders Go's field.NotSupported detail. */
export const supportedValues = (vals: readonly string[]): string =>
  `supported values: ${vals.map((v) => JSON.stringify(v)).join(', ')}`;

/** validateObjectFieldSelector. An absent apiVersion counts as `v1`, which the API defaults. */
export function validateObjectFieldSelector(
  fs: ObjectFieldSelector,
  expressions: readonly string[],
  field: string,
): FieldError[] {
  const version = fs.apiVersion ?? 'v1';
  if (version.length === 0) return [{ field: `${field}.apiVersion`, type: 'Required value' }];
  if (!fs.fieldPath) return [{ field: `${field}.fieldPath`, type: 'Required value' }];
  const conv = convertDownwardAPIFieldLabel(version, fs.fieldPath);
  if ('error' in conv) {
    return [
      {
        field: `${field}.fieldPath`,
        type: 'Invalid value',
        value: fs.fieldPath,
        detail: `error converting fieldPath: ${conv.error}`,
      },
    ];
  }
  const [path, subscript, ok] = splitMaybeSubscriptedPath(conv.path);
  if (ok) {
    const msgs =
      path === 'metadata.annotations'
        ? isQualifiedName(subscript.toLowerCase())
        : path === 'metadata.labels'
          ? isQualifiedName(subscript)
          : ['does not support subscript'];
    const value = path === 'metadata.annotations' ? subscript.toLowerCase() : subscript;
    return msgs.map((detail) => ({ field, type: 'Invalid value', value, detail }));
  }
  if (!expressions.includes(path)) {
    return [
      {
        field: `${field}.fieldPath`,
        type: 'Unsupported value',
        value: path,
        detail: supportedValues(expressions),
      },
    ];
  }
  return [];
}

const memoryDivisors = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const memoryDivisorList = memoryDivisors.join(', ');

/** validateContainerResourceDivisor. */
export function validateContainerResourceDivisor(
  resource: string,
  divisor: string | number | undefined,
  field: string,
): FieldError[] {
  if (divisor === undefined || divisor === '') return [];
  const q = parseQuantity(divisor);
  if (!q) {
    return [
      {
        field: `${field}.divisor`,
        type: 'Invalid value',
        value: String(divisor),
        detail: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      },
    ];
  }
  if (isZeroQuantity(q)) return [];
  const s = canonicalQuantity(q);
  const bad = (what: string): FieldError[] => [
    { field: `${field}.divisor`, type: 'Invalid value', value: resource, detail: what },
  ];
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    if (s !== '1m' && s !== '1')
      return bad("only divisor's values 1m and 1 are supported with the cpu resource");
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    if (!memoryDivisors.includes(s))
      return bad(`only divisor's values ${memoryDivisorList} are supported with the memory resource`);
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    if (!memoryDivisors.includes(s))
      return bad(
        `only divisor's values ${memoryDivisorList} are supported with the local ephemeral storage resource`,
      );
  } else if (resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) {
    if (!memoryDivisors.includes(s))
      return bad(`only divisor's values ${memoryDivisorList} are supported with the hugepages resource`);
  }
  return [];
}

/** validateContainerResourceFieldSelector (volume = true requires containerName). */
export function validateContainerResourceFieldSelector(
  fs: ResourceFieldSelector,
  field: string,
  volume: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  if (volume && !fs.containerName) errs.push({ field: `${field}.containerName`, type: 'Required value' });
  else if (!fs.resource) errs.push({ field: `${field}.resource`, type: 'Required value' });
  else if (
    !(resourceFieldPaths as readonly string[]).includes(fs.resource) &&
    !fs.resource.startsWith('requests.hugepages-') &&
    !fs.resource.startsWith('limits.hugepages-')
  ) {
    errs.push({
      field: `${field}.resource`,
      type: 'Unsupported value',
      value: fs.resource,
      detail: supportedValues(resourceFieldPaths),
    });
  }
  errs.push(...validateContainerResourceDivisor(fs.resource, fs.divisor, field));
  return errs;
}

/** validateDownwardAPIVolumeFile; `field` is the volume source path (no items index, as upstream). */
export function validateDownwardAPIVolumeFile(file: DownwardAPIVolumeFile, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push({ field: `${field}.path`, type: 'Required value' });
  errs.push(...validateLocalNonReservedPath(file.path ?? '', `${field}.path`));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, volumeFieldPaths, `${field}.fieldRef`));
    if (file.resourceFieldRef) {
      errs.push({
        field,
        type: 'Invalid value',
        value: 'resource',
        detail: 'fieldRef and resourceFieldRef can not be specified simultaneously',
      });
    }
  } else if (file.resourceFieldRef) {
    errs.push(
      ...validateContainerResourceFieldSelector(file.resourceFieldRef, `${field}.resourceFieldRef`, true),
    );
  } else {
    errs.push({ field, type: 'Required value', detail: 'one of fieldRef and resourceFieldRef is required' });
  }
  if (file.mode !== undefined && !isValidFileMode(file.mode)) {
    errs.push({ field: `${field}.mode`, type: 'Invalid value', value: file.mode, detail: fileModeErrorMsg });
  }
  return errs;
}
