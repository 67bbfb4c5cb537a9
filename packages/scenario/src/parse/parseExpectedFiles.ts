import { checkKeys, isMapping, readMapping, readString } from './fieldReaders.js';
import type { FieldPath, ScenarioProblems } from './ScenarioProblems.js';
import type { MountExpectation } from './types.js';

/**
 * A file mode as written in YAML: `0400` unquoted is already 256 under YAML 1.1 (as in a Pod's
 * `defaultMode`), a string is read as octal like chmod. Undefined (after a report) when invalid.
 */
function parseMode(p: ScenarioProblems, path: FieldPath, v: unknown): number | undefined {
  const mode =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^[0-7]{1,4}$/.test(v)
        ? Number.parseInt(v, 8)
        : undefined;
  if (mode !== undefined && Number.isInteger(mode) && mode >= 0 && mode <= 0o7777) return mode;
  p.add(path, `${JSON.stringify(v)} is not a file mode; write octal digits in quotes, e.g. "0400" or "0644"`);
  return undefined;
}

/** `{"/abs/path": content | {content, mode} | null}` for one container of `expect.mounts` (null: no such file). */
export function parseExpectedFiles(
  p: ScenarioProblems,
  path: FieldPath,
  v: unknown,
): Record<string, MountExpectation | null> | undefined {
  const m = readMapping(p, path, v, '{"/etc/config/mode": prod}');
  if (!m) return undefined;
  const out: Record<string, MountExpectation | null> = {};
  for (const [file, spec] of Object.entries(m)) {
    const at = [...path, file];
    if (!file.startsWith('/')) {
      p.add(
        at,
        `mount paths are absolute paths inside the container; write "/${file}" or the full mountPath`,
      );
      continue;
    }
    if (spec === null) {
      out[file] = null;
      continue;
    }
    if (!isMapping(spec)) {
      const content = readString(p, at, spec);
      if (content !== undefined) out[file] = { content };
      continue;
    }
    checkKeys(p, at, spec, ['content', 'mode'], 'mount file');
    if (spec.content === undefined) {
      p.add(at, 'needs content: the file\'s text, e.g. {content: prod, mode: "0400"}');
      continue;
    }
    const content = readString(p, [...at, 'content'], spec.content);
    const mode = spec.mode === undefined ? undefined : parseMode(p, [...at, 'mode'], spec.mode);
    if (content === undefined) continue;
    out[file] = mode === undefined ? { content } : { content, mode };
  }
  return out;
}
