import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { type StructuredOptions, sortKeysDeep } from './toJson.js';

// Loaded on first use: most commands print no YAML, and the library is ~70 modules.
let yaml: typeof Yaml | undefined;
const loadYaml = () => {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml;
};

/**
 * YAML as kubectl prints it: block style, 2-space indent, no line folding, (by default) sorted
 * keys. Strings YAML 1.1 would misread (`"True"`, `"0400"`, `"yes"`) stay quoted, because
 * users feed this output back to tools that parse YAML 1.1.
 */
export function toYaml(value: unknown, options: StructuredOptions = {}): string {
  const v = options.sortKeys === false ? value : sortKeysDeep(value);
  return loadYaml().stringify(v, { indent: 2, lineWidth: 0, version: '1.1' });
}
