/**
 * A validation error in Kubernetes' field-path style (apimachinery field.Error):
 * `spec.containers[1].name: Duplicate value: "app"`.
 */
export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Duplicate value'
  | 'Unsupported value'
  | 'Forbidden'
  | 'Too long'
  | 'Not found';

export interface FieldError {
  field: string;
  type: FieldErrorType;
  /** The offending value, rendered as Go's %q/%v would; absent for Required/Forbidden. */
  value?: unknown;
  detail?: string;
}

/** Renders one error exactly as the API server's `field.Error.Error()` does. */
export function formatFieldError(e: FieldError): string {
  const head = `${e.field}: ${e.type}`;
  if (e.type === 'Required value' || e.type === 'Forbidden' || e.type === 'Too long') {
    return e.detail ? `${head}: ${e.detail}` : head;
  }
  const shown = typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
  if (e.type === 'Unsupported value' || e.type === 'Duplicate value' || e.type === 'Not found') {
    return e.detail ? `${head}: ${shown}: ${e.detail}` : `${head}: ${shown}`;
  }
  return e.detail ? `${head}: ${shown}: ${e.detail}` : `${head}: ${shown}`;
}
