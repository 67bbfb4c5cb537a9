import type { FieldError } from './fieldErrors.js';
import type { ConfigMap, Secret } from './types.js';

/**
 * Validates a Secret as the API server does (ValidateSecret: keys IsConfigMapKey, data base64).
 * Placeholder: the volumes issue replaces this body.
 */
export function validateSecret(_secret: Secret): FieldError[] {
  return [];
}

/** Validates a ConfigMap as the API server does (ValidateConfigMap). Placeholder, see above. */
export function validateConfigMap(_configMap: ConfigMap): FieldError[] {
  return [];
}
