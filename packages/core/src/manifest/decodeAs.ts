import { nearest } from '../events/suggest.js';
import type { Shape } from './apiShapes.js';

/** Where and why the API server's JSON decoder would refuse a value. */
export interface DecodeError {
  /** Path to the offending value, indices included (for line lookup). */
  path: (string | number)[];
  /** encoding/json's message, e.g. `json: cannot unmarshal string into Go struct field … of type int32`. */
  message: string;
}

/** A field the Go type does not have, as the API server's strict field validation names it. */
export interface UnknownField {
  /** Path to the field, indices included (for line lookup). */
  path: (string | number)[];
  /** `spec.containers[0].imagePolicy`, as in `strict decoding error: unknown field "…"`. */
  field: string;
  /** The known field nearest to it, when it looks like a typo. */
  suggestion?: string;
}

/**
 * Decodes plain JSON-like data as Go's encoding/json would into the given type: `null` leaves a
 * field unset (so it is dropped; a null list element becomes the zero value), a wrong JSON type
 * or an out-of-range / fractional number for an integer is an error (the first one wins, as Go
 * reports only its first). Fields the type does not have are listed in `unknownFields` (every one,
 * as the API server's strict decoding does) and dropped. Returns a cleaned copy. Never throws on
 * any input, prototype-named keys (`__proto__`, `constructor`) included. Pure.
 */
export function decodeAs(
  value: unknown,
  shape: Shape,
): { value: unknown; unknownFields: UnknownField[] } | { error: DecodeError } {
  const unknownFields: UnknownField[] = [];
  try {
    return {
      value: decode(value, shape, { path: [], stack: [], struct: '', unknown: unknownFields }),
      unknownFields,
    };
  } catch (e) {
    if (e instanceof DecodeFailure) return { error: e.error };
    throw e;
  }
}

class DecodeFailure extends Error {
  constructor(readonly error: DecodeError) {
    super(error.message);
  }
}

interface Ctx {
  path: (string | number)[];
  /** JSON field names from the root, without indices: encoding/json's errorContext.FieldStack. */
  stack: string[];
  struct: string;
  unknown: UnknownField[];
}

const int32Range: [number, number] = [-(2 ** 31), 2 ** 31 - 1];
const int64Range: [number, number] = [-(2 ** 63), 2 ** 63 - 1];

function decode(v: unknown, shape: Shape, ctx: Ctx): unknown {
  if (v === null || v === undefined) return undefined;
  if (shape === 'any') return v;
  if (shape === 'string') return expect(typeof v === 'string', v, 'string', ctx);
  if (shape === 'bool') return expect(typeof v === 'boolean', v, 'bool', ctx);
  if (shape === 'int32' || shape === 'int64') return integer(v, shape, ctx);
  if (shape === 'intOrString') return typeof v === 'string' ? v : integer(v, 'int32', ctx);
  if ('slice' in shape) {
    if (!Array.isArray(v)) fail(v, `[]${goName(shape.slice)}`, ctx);
    return (v as unknown[]).map((item, i) => {
      const decoded = decode(item, shape.slice, { ...ctx, path: [...ctx.path, i] });
      return decoded === undefined ? zero(shape.slice) : decoded;
    });
  }
  if (!isPlainObject(v))
    fail(v, 'map' in shape ? `map[string]${goName(shape.map)}` : `v1.${shape.struct}`, ctx);
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(obj)) {
    const fieldShape =
      'map' in shape ? shape.map : Object.hasOwn(shape.fields, k) ? shape.fields[k] : undefined;
    if (fieldShape === undefined) {
      const suggestion = nearest(k, Object.keys((shape as { fields: Record<string, Shape> }).fields));
      ctx.unknown.push({
        path: [...ctx.path, k],
        field: formatPath([...ctx.path, k]),
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const next: Ctx =
      'map' in shape
        ? { ...ctx, path: [...ctx.path, k] }
        : { path: [...ctx.path, k], stack: [...ctx.stack, k], struct: shape.struct, unknown: ctx.unknown };
    const decoded = decode(item, fieldShape, next);
    // defineProperty: a key named __proto__ must stay data, never become the copy's prototype.
    if (decoded !== undefined)
      Object.defineProperty(out, k, { value: decoded, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function integer(v: unknown, type: 'int32' | 'int64', ctx: Ctx): number {
  if (typeof v !== 'number') fail(v, type, ctx);
  const [lo, hi] = type === 'int32' ? int32Range : int64Range;
  const n = v as number;
  if (!Number.isInteger(n) || n < lo || n > hi) fail(v, type, ctx, `number ${n}`);
  return n;
}

function expect(ok: boolean, v: unknown, goType: string, ctx: Ctx): unknown {
  if (!ok) fail(v, goType, ctx);
  return v;
}

function fail(v: unknown, goType: string, ctx: Ctx, what = jsonKind(v)): never {
  const where = ctx.stack.length > 0 ? `Go struct field ${ctx.struct}.${ctx.stack.join('.')}` : 'Go value';
  throw new DecodeFailure({
    path: ctx.path,
    message: `json: cannot unmarshal ${what} into ${where} of type ${goType}`,
  });
}

const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

function goName(s: Shape): string {
  if (typeof s === 'string')
    return s === 'intOrString' ? 'intstr.IntOrString' : s === 'any' ? 'interface {}' : s;
  if ('slice' in s) return `[]${goName(s.slice)}`;
  if ('map' in s) return `map[string]${goName(s.map)}`;
  return `v1.${s.struct}`;
}

function zero(s: Shape): unknown {
  if (s === 'string') return '';
  if (s === 'int32' || s === 'int64') return 0;
  if (s === 'bool') return false;
  if (typeof s === 'object' && 'slice' in s) return [];
  return typeof s === 'object' ? {} : null;
}

/** `['spec', 'containers', 0, 'image']` → `spec.containers[0].image`. */
function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}
