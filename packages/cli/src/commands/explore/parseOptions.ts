/** The default seed: fixed, so an exploration without --seed is as reproducible as one with it. */
export const DEFAULT_SEED = 20260101;
export const DEFAULT_RUNS = 1000;
export const DEFAULT_MAX_EVENTS = 120;

/** Parses a whole number in [min, max] for option `flag`; throws an Error saying what is accepted. */
export function parseWhole(flag: string, text: string, min: number, max: number): number {
  const n = /^[-+]?[0-9]+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(
      `${flag} "${text}" is not a whole number from ${min} to ${max}; e.g. ${flag} ${Math.max(min, 100)}`,
    );
  }
  return n;
}

/** `--seed`: fast-check seeds are 32-bit signed integers. */
export const parseSeed = (text: string) => parseWhole('--seed', text, -(2 ** 31), 2 ** 31 - 1);
export const parseRuns = (text: string) => parseWhole('--runs', text, 1, 100_000_000);
export const parseMaxEvents = (text: string) => parseWhole('--max-events', text, 1, 10_000);

/** 1234567 → `1,234,567`, the same on every machine (no locale). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
