import type { FieldError } from './fieldErrors.js';
import type { Volume } from './types.js';

/**
 * Validates `spec.volumes` as the API server does (pkg/apis/core/validation ValidateVolumes,
 * validateKeyToPath, ValidateLocalNonReservedPath, validateProjectionSources).
 * Placeholder: the volumes issue replaces this body.
 */
export function validateVolumes(_volumes: readonly Volume[] | undefined, _path: string): FieldError[] {
  return [];
}
