/**
 * A Kubernetes resource.Quantity held exactly as a rational number (BigInt numerator/denominator),
 * with the format its suffix implies. Enough of apimachinery's Quantity for downward API values and
 * divisor validation; negative quantities are parsed but not otherwise used.
 */
export interface Quantity {
  num: bigint;
  den: bigint;
  format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const quantityRe = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Parses `100m`, `1.5Gi`, `1e3`, `2`; returns undefined for anything apimachinery would reject. */
export function parseQuantity(input: string | number): Quantity | undefined {
  const s = typeof input === 'number' ? String(input) : input.trim();
  const m = quantityRe.exec(s);
  if (!m) return undefined;
  const [, sign = '', digits = '', suffix = ''] = m;
  const [whole = '', frac = ''] = digits.split('.');
  let num = BigInt(`${whole || '0'}${frac}`) * (sign === '-' ? -1n : 1n);
  let den = pow10(frac.length);
  let format: Quantity['format'] = 'DecimalSI';
  if (suffix in binarySuffixes) {
    num *= 2n ** BigInt(binarySuffixes[suffix] ?? 0);
    format = 'BinarySI';
  } else if (suffix in decimalSuffixes) {
    const e = decimalSuffixes[suffix] ?? 0;
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
  } else {
    const e = Number(suffix.slice(1));
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
    format = 'DecimalExponent';
  }
  return { num, den, format };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

/** Quantity.MilliValue (rounded up, as apimachinery does). */
export function milliValue(q: Quantity): bigint {
  return ceilDiv(q.num * 1000n, q.den);
}

/** Quantity.Value (rounded up to a whole unit). */
export function wholeValue(q: Quantity): bigint {
  return ceilDiv(q.num, q.den);
}

/** True for the zero quantity (an unset divisor). */
export function isZeroQuantity(q: Quantity): boolean {
  return q.num === 0n;
}

/**
 * Quantity.String() in canonical form, for the values divisor validation compares
 * (`1000m` → `1`, `1024Ki` → `1Mi`, `1000` → `1k`). [R: CanonicalizeBytes recalled]
 */
export function canonicalQuantity(q: Quantity): string {
  let format = q.format;
  const isInt = q.num % q.den === 0n;
  if (format === 'BinarySI') {
    const v = q.num / q.den;
    if (!isInt || (v > -1024n && v < 1024n)) format = 'DecimalSI';
    else {
      let mant = v;
      let exp = 0;
      while (exp < 60 && mant % 1024n === 0n && mant !== 0n) {
        mant /= 1024n;
        exp += 10;
      }
      const suffix = Object.entries(binarySuffixes).find(([, e]) => e === exp)?.[0] ?? '';
      return `${mant}${suffix}`;
    }
  }
  // Decimal: the largest exponent (a multiple of 3, -9..18) that keeps an integer mantissa.
  for (let e = 18; e >= -9; e -= 3) {
    const scaledNum = e >= 0 ? q.num : q.num * pow10(-e);
    const scaledDen = e >= 0 ? q.den * pow10(e) : q.den;
    if (scaledNum % scaledDen === 0n) {
      const mant = scaledNum / scaledDen;
      if (mant === 0n) return '0';
      if (format === 'DecimalExponent') return e === 0 ? `${mant}` : `${mant}e${e}`;
      const suffix = Object.entries(decimalSuffixes).find(([, x]) => x === e)?.[0] ?? '';
      return `${mant}${suffix}`;
    }
  }
  // Finer than nano: apimachinery rounds up to 1n.
  return `${ceilDiv(q.num * pow10(9), q.den)}n`;
}
