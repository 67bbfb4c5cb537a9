/**
 * Go's time.Duration.String() for a duration given in milliseconds: `0s`, `1.5s`, `10s`,
 * `2m40s`, `5m0s`, `1h0m0s`, `250ms`, `1.5µs`. Used where the kubelet formats a Duration with
 * `%v`, e.g. the CrashLoopBackOff message. Pure.
 *
 * @example goDuration(160_000) // '2m40s'
 */
export function goDuration(ms: number): string {
  let ns = BigInt(Math.round(ms * 1_000_000));
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  if (neg) ns = -ns;
  let out: string;
  if (ns < 1_000_000_000n) {
    if (ns < 1_000n) out = `${ns}ns`;
    else if (ns < 1_000_000n) out = `${frac(ns, 3)}µs`;
    else out = `${frac(ns, 6)}ms`;
  } else {
    const secs = ns / 1_000_000_000n;
    const fraction = fracDigits(ns % 1_000_000_000n, 9);
    out = `${secs % 60n}${fraction}s`;
    const minutes = secs / 60n;
    if (minutes > 0n) {
      out = `${minutes % 60n}m${out}`;
      const hours = minutes / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** `v / 10^prec` with Go's fmtFrac: trailing zeros dropped, no dot when the fraction is zero. */
function frac(v: bigint, prec: number): string {
  const div = 10n ** BigInt(prec);
  return `${v / div}${fracDigits(v % div, prec)}`;
}

function fracDigits(rem: bigint, prec: number): string {
  if (rem === 0n) return '';
  return `.${rem.toString().padStart(prec, '0').replace(/0+$/, '')}`;
}
