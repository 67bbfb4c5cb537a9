import { createRequire } from 'node:module';
import type { OutputStream } from '../io.js';

// picocolors is CommonJS: required rather than imported, so start-up builds no ES module wrapper
// for it (nor runs the CommonJS export scanner that wrapper needs).
const pc = createRequire(import.meta.url)('picocolors') as typeof import('picocolors');

/** picocolors' formatter set; every function is the identity when colour is off. */
export type Colours = ReturnType<typeof pc.createColors>;

/**
 * True when text written to `stream` may carry ANSI colour: `NO_COLOR` (any non-empty value,
 * no-color.org) always turns it off, `FORCE_COLOR` (non-empty, not "0") turns it on, otherwise
 * only an interactive terminal gets colour.
 */
export function colourEnabled(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Colour functions for one stream, decided by colourEnabled. */
export function createColours(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): Colours {
  return pc.createColors(colourEnabled(stream, env));
}
