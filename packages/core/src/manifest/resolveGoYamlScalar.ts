/**
 * What an unquoted YAML scalar becomes when Kubernetes reads it: sigs.k8s.io/yaml decodes with its
 * fork of go-yaml v2 (YAML 1.1, `goyaml.v2/resolve.go`) and then converts to JSON. So `0400` is
 * octal 256, `0x1F` is 31, `on`/`yes`/`y` are true, `off`/`no`/`n` false, `~` and the empty
 * scalar null, `1_000` is 1000; timestamps stay strings and there are no sexagesimal numbers
 * (`1:20` is a string). NaN and infinities have no JSON form, so they are an error. Pure.
 */
export function resolveGoYamlScalar(s: string): { value: unknown } | { error: string } {
  if (s in exact) {
    const value = exact[s];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { error: `error converting YAML to JSON: json: unsupported value: ${goFloatName(value)}` };
    }
    return { value };
  }
  const first = s[0] ?? '';
  if (first === '.') {
    // Not in the table, so maybe a float such as `.5` (Go ParseFloat, no underscores).
    return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s) ? { value: Number(s) } : { value: s };
  }
  if (!/^[-+0-9]$/.test(first)) return { value: s };
  const plain = s.replaceAll('_', '');
  const int = goParseIntBase0(plain);
  if (int !== undefined) return { value: int };
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(plain)) {
    const f = Number(plain);
    // Go's ParseFloat reports a range error for overflow; the scalar then stays a string.
    if (Number.isFinite(f)) return { value: f };
  }
  return { value: s };
}

const exact: Record<string, unknown> = Object.create(null);
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) exact[w] = true;
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  exact[w] = false;
for (const w of ['', '~', 'null', 'Null', 'NULL']) exact[w] = null;
for (const w of ['.nan', '.NaN', '.NAN']) exact[w] = Number.NaN;
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) exact[w] = Number.POSITIVE_INFINITY;
for (const w of ['-.inf', '-.Inf', '-.INF']) exact[w] = Number.NEGATIVE_INFINITY;

const goFloatName = (f: number): string => (Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf');

/**
 * strconv.ParseInt(s, 0, 64), falling back to ParseUint and big integers as go-yaml does: a sign,
 * then `0x`/`0o`/`0b` prefixes, a leading `0` for octal, or decimal.
 */
function goParseIntBase0(s: string): number | undefined {
  const m = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(s);
  if (!m) return undefined;
  const [, sign, hex, oct, bin, leadingZero, dec] = m;
  let big: bigint;
  if (hex !== undefined) big = BigInt(`0x${hex}`);
  else if (oct !== undefined) big = BigInt(`0o${oct}`);
  else if (bin !== undefined) big = BigInt(`0b${bin}`);
  else if (leadingZero !== undefined) big = leadingZero.length > 1 ? BigInt(`0o${leadingZero.slice(1)}`) : 0n;
  else big = BigInt(dec ?? '0');
  // JSON numbers reach the API server's int32/int64 fields; JS keeps them as doubles.
  return Number(sign === '-' ? -big : big);
}
