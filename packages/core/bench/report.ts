// The benchmarks' one output format: with `--json`, one JSON object a line (for scripts);
// otherwise `key=value` pairs, numbers rounded to two decimals.
const json = process.argv.includes('--json');

/** Prints one benchmark result. */
export function report(r: Record<string, unknown>): void {
  if (json) console.log(JSON.stringify(r));
  else
    console.log(
      Object.entries(r)
        .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`)
        .join('  '),
    );
}
