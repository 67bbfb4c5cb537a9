import type { FieldError } from './fieldErrors.js';

/** pkg/apis/core/validation `fileModeErrorMsg`. */
export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

/** True when a file mode lies in 0..0777 as the API server requires. */
export function isValidFileMode(mode: number): boolean {
  return Number.isInteger(mode) && mode >= 0 && mode <= 0o777;
}

const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  field,
  type: 'Invalid value',
  value,
  detail,
});

/**
 * validatePathNoBacksteps: any `/`-separated element equal to `..` is one Invalid error
 * (reported once, however many backsteps there are).
 */
export function validatePathNoBacksteps(targetPath: string, field: string): FieldError[] {
  // filepath.ToSlash is the identity on Linux, which is the only OS modelled.
  return targetPath.split('/').includes('..') ? [invalid(field, targetPath, "must not contain '..'")] : [];
}

/** validateLocalDescendingPath: not absolute, and no `..` element. */
export function validateLocalDescendingPath(targetPath: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (targetPath.startsWith('/')) errs.push(invalid(field, targetPath, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(targetPath, field));
  return errs;
}

/**
 * ValidateLocalNonReservedPath: validateLocalDescendingPath plus `must not start with '..'`
 * when the path starts with `..` but not `../` (so `..` alone gets both errors).
 */
export function validateLocalNonReservedPath(targetPath: string, field: string): FieldError[] {
  const errs = validateLocalDescendingPath(targetPath, field);
  if (targetPath.startsWith('..') && !targetPath.startsWith('../')) {
    errs.push(invalid(field, targetPath, "must not start with '..'"));
  }
  return errs;
}

/** apimachinery MaxLenError. */
export const maxLenError = (n: number): string => `must be no more than ${n} characters`;

/** apimachinery RegexError: `msg (e.g. 'a' or 'b', regex used for validation is 're')`. */
export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRe = /^[-._a-zA-Z0-9]+$/;

/** apimachinery IsConfigMapKey: the messages for an invalid Secret/ConfigMap data key. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!configMapKeyRe.test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        configMapKeyFmt,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);

/** apimachinery IsDNS1123Label. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          dns1123LabelFmt,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** apimachinery IsDNS1123Subdomain. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com',
      ),
    );
  }
  return errs;
}

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** apimachinery IsQualifiedName (label keys, downward API subscripts). [R: recalled wording] */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (utf8Length(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNameRe.test(name)) {
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/**
 * Go's len(string): UTF-8 bytes, counted without encoding (replay checks every volume path of
 * every Pod with it). A lone surrogate counts as U+FFFD's 3 bytes, as TextEncoder writes it.
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: two units, four bytes
      i++;
    } else n += 2;
  }
  return n;
}
