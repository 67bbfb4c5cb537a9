import { type StructuredOptions, toJson } from './toJson.js';
import { toYaml } from './toYaml.js';

/** The machine-readable formats of `-o`. */
export type StructuredFormat = 'json' | 'yaml';

/** True for `-o` values that formatStructured handles (others, like `wide`, are tables). */
export function isStructuredFormat(format: string | undefined): format is StructuredFormat {
  return format === 'json' || format === 'yaml';
}

/** `value` as `-o json` or `-o yaml` prints it (stable key order, trailing newline). */
export function formatStructured(
  value: unknown,
  format: StructuredFormat,
  options: StructuredOptions = {},
): string {
  return format === 'json' ? toJson(value, options) : toYaml(value, options);
}
