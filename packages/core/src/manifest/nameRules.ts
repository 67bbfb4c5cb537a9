/**
 * The apimachinery string checks Pod validation uses, each returning upstream's messages
 * (k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label, IsDNS1123Subdomain, IsValidIP; and
 * pkg/api/validate/content: IsLabelKey (= IsQualifiedName), IsLabelValue). Pure.
 * Wording follows the versions read: util/validation says "characters", content says "bytes".
 */

const utf8 = new TextEncoder();
/** Go's len(string) counts UTF-8 bytes. */
const byteLength = (s: string): number => utf8.encode(s).length;

const maxLenChars = (n: number): string => `must be no more than ${n} characters`;
const maxLenBytes = (n: number): string => `must be no more than ${n} bytes`;

/** apimachinery RegexError. */
function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}

const labelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const subdomainFmt = `${labelFmt}(\\.${labelFmt})*`;
const labelRe = new RegExp(`^${labelFmt}$`);
const subdomainRe = new RegExp(`^${subdomainFmt}$`);
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** IsDNS1123Label: container names, namespaces, hostnames. @internal */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenChars(63));
  if (!labelRe.test(value)) {
    if (subdomainRe.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          labelFmt,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** IsDNS1123Subdomain (util/validation): Pod and Node names, hostAlias hostnames. @internal */
export function dns1123SubdomainErrors(value: string, maxLen = maxLenChars): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLen(253));
  if (!subdomainRe.test(value)) errs.push(regexError(subdomainMsg, subdomainFmt, 'example.com'));
  return errs;
}

const keyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const keyRe = new RegExp(`^${keyFmt}$`);
const keyMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey (IsQualifiedName): label keys, readiness gate condition types. @internal */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name = parts[0] ?? '';
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix, maxLenBytes).map((m) => `prefix part ${m}`));
  } else if (parts.length > 2) {
    return [
      `a valid label key ${regexError(keyMsg, keyFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenBytes(63)}`);
  if (!keyRe.test(name)) errs.push(`name part ${regexError(keyMsg, keyFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const valueFmt = `(${keyFmt})?`;
const valueRe = new RegExp(`^${valueFmt}$`);

/** content.IsLabelValue: label values, nodeSelector values. @internal */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenBytes(63));
  if (!valueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        valueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** IsValidIP (netutils.ParseIPSloppy: IPv4 parts may carry leading zeros). @internal */
export function ipErrors(value: string): string[] {
  return isSloppyIPv4(value) || isSloppyIPv6(value)
    ? []
    : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

function isSloppyIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255);
}

// Go's parseIPv6: hex groups of 1-4 digits, one "::" standing for at least one group, an optional
// trailing IPv4 (counting as two groups); zones are not accepted.
function isSloppyIPv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (g.includes('.')) {
      const trailing = i === all.length - 1 && !(halves.length === 2 && halves[1] === '');
      if (!trailing || !isSloppyIPv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}
