import { type FieldError, forbidden, invalid, required } from './fieldErrors.js';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  qualifiedNameErrors,
} from './nameRules.js';
import type { ObjectMeta } from './types.js';

/** apimachinery TotalAnnotationSizeLimitB. */
const annotationsLimit = 256 * 1024;

/**
 * ValidateLabels (meta/v1/validation): every key a qualified name, every value a label value;
 * errors name the map itself (`spec.nodeSelector`), not the key. Pure.
 * @internal
 */
export function validateLabels(labels: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...qualifiedNameErrors(k).map((m) => invalid(field, k, m)));
    errs.push(...labelValueErrors(String(v)).map((m) => invalid(field, v, m)));
  }
  return errs;
}

/**
 * ValidateAnnotations (apimachinery/pkg/api/validation/objectmeta.go): every key a qualified
 * name (checked lower-cased), keys and values together at most 256 KiB. Pure.
 * @internal
 */
export function validateAnnotations(
  annotations: Record<string, unknown> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // Annotation keys are qualified names, case-insensitively.
    errs.push(...qualifiedNameErrors(k.toLowerCase()).map((d) => invalid(field, k, d)));
    size += new TextEncoder().encode(k).length + new TextEncoder().encode(String(v)).length;
  }
  if (size > annotationsLimit) {
    errs.push({ field, type: 'Too long', detail: `must have at most ${annotationsLimit} bytes` });
  }
  return errs;
}

/**
 * ValidateObjectMeta on create (pkg/api/validation/objectmeta.go): name required and valid for
 * its kind (a DNS-1123 subdomain for Pod, Node, Secret, ConfigMap), namespace required and a
 * DNS-1123 label for namespaced kinds and forbidden otherwise, generation non-negative, labels,
 * annotation keys. Pure.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  field = 'metadata',
): FieldError[] {
  const m = meta ?? ({} as ObjectMeta);
  const errs: FieldError[] = [];
  if (!m.name) errs.push(required(`${field}.name`, 'name or generateName is required'));
  else errs.push(...dns1123SubdomainErrors(m.name).map((d) => invalid(`${field}.name`, m.name, d)));
  if (namespaced) {
    if (!m.namespace) errs.push(required(`${field}.namespace`));
    else
      errs.push(...dns1123LabelErrors(m.namespace).map((d) => invalid(`${field}.namespace`, m.namespace, d)));
  } else if (m.namespace) {
    errs.push(forbidden(`${field}.namespace`, 'not allowed on this type'));
  }
  if ((m.generation ?? 0) < 0)
    errs.push(invalid(`${field}.generation`, m.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, `${field}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${field}.annotations`));
  return errs;
}
