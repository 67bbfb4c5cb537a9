import { goQuote } from './goQuote.js';

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
  | 'Too many'
  | 'Not found'
  | 'Internal error';

export interface FieldError {
  field: string;
  type: FieldErrorType;
  /**
   * The offending value as Go held it: a string prints as %q, a number or boolean as %v, a string
   * array as Go's `[]string{"a", "b"}`. `null`/`undefined` print as Go's nil does (`"null"`).
   * Ignored for Required, Forbidden, Too long and Internal error, as upstream ignores it.
   */
  value?: unknown;
  detail?: string;
}

/** Types whose message never shows the value (field.Error.ErrorBody). */
const valueless = new Set<FieldErrorType>(['Required value', 'Forbidden', 'Too long', 'Internal error']);

/**
 * Renders one error exactly as the API server's `field.Error.Error()` does:
 * `<field>: <type>[: <value>][: <detail>]`. Pure.
 * @example formatFieldError({ field: 'spec.containers[1].name', type: 'Duplicate value', value: 'app' })
 *   // 'spec.containers[1].name: Duplicate value: "app"'
 * @internal
 */
export function formatFieldError(e: FieldError): string {
  let body: string = e.type;
  if (!valueless.has(e.type)) body += `: ${goValue(e.value)}`;
  if (e.detail) body += `: ${e.detail}`;
  // The root path prints as `[]`, as the API server's message shows it
  // (`ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes`).
  return `${e.field === '' ? '[]' : e.field}: ${body}`;
}

/** How ErrorBody prints a bad value: %q for strings, %v for numbers and booleans, %#v otherwise. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return goQuote('null');
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return `[]string{${v.map((x) => goQuote(x)).join(', ')}}`;
  }
  // Structs print as Go's %#v, which no JS value reproduces; JSON is the honest approximation.
  return JSON.stringify(v) ?? String(v);
}

/**
 * Integral numbers stand for Go ints (int32/int64 fields) and print plainly; others are float64,
 * which %v prints as strconv 'g' shortest: exponent form when the exponent is < -4 or >= 6.
 */
function goNumber(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n))
    return Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp >= -4 && exp < 6) return String(n);
  const [mant = '', e = '0'] = n.toExponential().split('e');
  const digits = e.replace(/^[+-]/, '').padStart(2, '0');
  return `${mant}e${e.startsWith('-') ? '-' : '+'}${digits}`;
}

/**
 * field.Required: `<field>: Required value[: <detail>]`.
 * @internal
 */
export const required = (field: string, detail = ''): FieldError => ({
  field,
  type: 'Required value',
  detail,
});

/**
 * field.Invalid: `<field>: Invalid value: <value>: <detail>`.
 * @internal
 */
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  field,
  type: 'Invalid value',
  value,
  detail,
});

/**
 * field.Duplicate: `<field>: Duplicate value: <value>`.
 * @internal
 */
export const duplicate = (field: string, value: unknown): FieldError => ({
  field,
  type: 'Duplicate value',
  value,
});

/**
 * field.NotFound: `<field>: Not found: <value>`.
 * @internal
 */
export const notFound = (field: string, value: unknown): FieldError => ({ field, type: 'Not found', value });

/**
 * field.Forbidden: `<field>: Forbidden: <detail>`.
 * @internal
 */
export const forbidden = (field: string, detail: string): FieldError => ({
  field,
  type: 'Forbidden',
  detail,
});

/**
 * field.NotSupported: the detail lists the supported values, each %q-quoted, in the order given.
 * @internal
 */
export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  field,
  type: 'Unsupported value',
  value,
  detail: supported.length > 0 ? `supported values: ${supported.map((s) => goQuote(s)).join(', ')}` : '',
});

/**
 * Drops errors whose rendering repeats an earlier one, as `ErrorList.ToAggregate` does before the
 * API server reports them. Pure.
 * @internal
 */
export function dedupeFieldErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const msg = formatFieldError(e);
    if (seen.has(msg)) return false;
    seen.add(msg);
    return true;
  });
}

/**
 * The longest grace period, in seconds, whose deadline the API server and the kubelet can compute:
 * both multiply it into a Go `time.Duration` (int64 nanoseconds: BeforeDelete in
 * apiserver/pkg/registry/rest/delete.go, killContainer in kuberuntime_container.go), which wraps
 * past 9,223,372,036 s. podstate refuses longer ones instead of computing a wrapped deadline.
 * @internal
 */
export const maxGracePeriodSeconds = 9_223_372_036;

/**
 * A grace period no Go `time.Duration` can hold ({@link maxGracePeriodSeconds}), or nothing.
 * @internal
 */
export function graceTooLong(field: string, value: unknown): FieldError[] {
  return typeof value === 'number' && value > maxGracePeriodSeconds
    ? [
        invalid(
          field,
          value,
          `must be at most ${maxGracePeriodSeconds} (the longest grace period, in seconds, a Go time.Duration can hold)`,
        ),
      ]
    : [];
}
