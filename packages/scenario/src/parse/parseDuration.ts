const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const MAX_MS = Math.floor((2 ** 63 - 1) / 1e6);
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go-style duration (`500ms`, `10s`, `5m`, `1h`, `1m30s`, `1.5s`, `0`) to whole
 * milliseconds, the resolution of event time. Returns an error message instead for anything
 * else, including negative durations and ones that are not a whole number of milliseconds.
 */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const hint = 'write a duration such as 500ms, 10s, 5m, 1h or 1m30s';
  if (text === '0') return { ms: 0 };
  if (text.startsWith('-'))
    return { error: `${JSON.stringify(text)} is negative: time only moves forward; ${hint}` };
  let total = 0;
  let pos = 0;
  PART.lastIndex = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) return { error: `${JSON.stringify(text)} is not a duration: ${hint}` };
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = PART.lastIndex;
  }
  if (pos === 0) return { error: `${JSON.stringify(text)} is not a duration: ${hint}` };
  // Go's time.Duration is an int64 of nanoseconds: about 2562047h is the most it can hold.
  if (total > MAX_MS)
    return {
      error: `${JSON.stringify(text)} is out of range: a duration is at most 2562047h (Go's time.Duration)`,
    };
  const ms = Math.round(total * 1e6) / 1e6;
  if (!Number.isInteger(ms))
    return {
      error: `${JSON.stringify(text)} is not a whole number of milliseconds (event time has ms resolution)`,
    };
  return { ms };
}

/** Renders milliseconds as the shortest Go-style duration (`90000` → `1m30s`, `0` → `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
