import { stringify } from 'yaml';
import { type StructuredOptions, sortKeysDeep } from './toJson.js';

/**
 * YAML as kubectl prints it: block style, 2-space indent, no line folding, (by default) sorted
 * keys. Strings YAML 1.1 would misread (`"True"`, `"0400"`, `"yes"`) stay quoted, because
 * users feed this output back to tools that parse YAML 1.1.
 */
export function toYaml(value: unknown, options: StructuredOptions = {}): string {
  const v = options.sortKeys === false ? value : sortKeysDeep(value);
  return stringify(v, { indent: 2, lineWidth: 0, version: '1.1' });
}
