const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Everything is kept in nano-units so that `100m`, `0.1` and `1e-1` compare equal exactly. */
const SCALE = 9;

/**
 * A resource quantity (`100m`, `1.5Gi`, `2e3`, `128974848`) as an exact count of nano-units
 * (apimachinery resource.Quantity, precision limited to 10^-9). Pure.
 * @throws Error naming the value when it is not a Kubernetes quantity.
 */
export function parseQuantity(value: string | number): bigint {
  const text = String(value).trim();
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/.exec(
    text,
  );
  if (!m) throw new Error(`Invalid quantity "${text}": expected e.g. 100m, 0.5, 128Mi or 1Gi.`);
  const [, sign = '', number = '0', binary, exponent, decimal = ''] = m;
  const [int = '', frac = ''] = number.split('.');
  const exp10 = exponent ? Number(exponent.slice(1)) : (DECIMAL[decimal] ?? 0);
  // Digits of the mantissa, scaled to nano-units, then multiplied by the suffix.
  let digits = BigInt(`${int}${frac}` || '0');
  const shift = exp10 + SCALE - frac.length;
  if (shift >= 0) digits *= 10n ** BigInt(shift);
  else digits /= 10n ** BigInt(-shift);
  if (binary) digits *= BINARY[binary] ?? 1n;
  return sign === '-' ? -digits : digits;
}
