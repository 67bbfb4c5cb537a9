import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type ScalarTag,
} from 'yaml';
import { PodstateError } from '../errors.js';
import { resolveGoYamlScalar } from './resolveGoYamlScalar.js';

/** One Kubernetes object read from a file, with a way back to its lines for error messages. */
export interface LoadedDocument {
  /** The object as plain JSON-like data (what `kubectl` would send). */
  object: unknown;
  /** 0-based position of the YAML document in the file (items of a `kind: List` share it). */
  index: number;
  file: string;
  /** 1-based line where the document's (or List item's) content starts. */
  line: number;
  /**
   * 1-based line of a field inside this document, e.g. `['spec', 'containers', 1, 'name']`; when the
   * field is absent, the line of its nearest present ancestor.
   */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

// Implicit (untagged, unquoted) scalars resolve as go-yaml v2 does. `<<` is left to the merge tag.
const goPlainScalar: ScalarTag = {
  tag: 'tag:podstate.dev,2025:go-yaml-v2',
  default: true,
  test: /^(?!<<$)[\s\S]*$/,
  resolve(str, onError) {
    const r = resolveGoYamlScalar(str);
    if ('error' in r) onError(r.error);
    return 'value' in r ? r.value : str;
  },
};

// Explicit `!!int 0400` style tags resolve like plain scalars (go-yaml checks the value fits).
const explicit = ['int', 'float', 'bool', 'null'].map(
  (name): ScalarTag => ({ ...goPlainScalar, tag: `tag:yaml.org,2002:${name}`, default: false }),
);

/**
 * Reads a multi-document YAML (or JSON) file as `kubectl apply -f` does: YAML 1.1 semantics of
 * sigs.k8s.io/yaml (`mode: 0400` is 256, `on` is true, `"0400"` stays a string), empty documents
 * skipped, a top-level `kind: List` expanded to its items. Pure: the caller reads the file.
 * @throws PodstateError('bad_input') `<file>:<line>:<col>: <message>` on a YAML syntax error.
 * @example loadDocuments('kind: Pod\n---\nkind: Secret\n', 'app.yaml').map((d) => d.line) // [1, 3]
 */
export function loadDocuments(text: string, file: string): LoadedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    schema: 'failsafe',
    customTags: (tags) => [...tags, goPlainScalar, ...explicit],
    merge: true,
    uniqueKeys: false, // go-yaml's Unmarshal keeps the last of duplicate keys
    lineCounter,
    prettyErrors: false,
  });
  if (!Array.isArray(docs)) return []; // an empty stream
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const out: LoadedDocument[] = [];
  docs.forEach((doc, index) => {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      throw new PodstateError('bad_input', `${file}:${line}:${col}: ${firstLine(err.message)}`, {
        file,
        line,
        col,
      });
    }
    const root = doc.contents as Node | null;
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      // The parser's resource limits (an alias bomb) and unresolved aliases surface only here.
      const line = lineAt(root?.range?.[0] ?? 0);
      const why = firstLine(e instanceof Error ? e.message : String(e));
      const fix = /alias count/i.test(why)
        ? 'expand the aliases (podstate allows 1000 alias expansions per document)'
        : 'define the anchor (&name) before its alias (*name), or quote the value';
      throw new PodstateError('bad_input', `${file}:${line}: YAML: ${why}; ${fix}`, { file, line });
    }
    if (root === null || object === null || object === undefined) return;
    const make = (node: Node, value: unknown): LoadedDocument => ({
      object: value,
      index,
      file,
      line: lineAt(node.range?.[0] ?? 0),
      lineOf: (path) => lineOfPath(doc, node, path, lineAt),
    });
    if (isList(object) && isMap(root)) {
      const itemsNode = resolve(doc, root.get('items', true) as Node | undefined);
      object.items.forEach((item, i) => {
        const node = isSeq(itemsNode) ? resolve(doc, itemsNode.items[i] as Node | undefined) : undefined;
        out.push(make(node ?? root, item));
      });
      return;
    }
    out.push(make(root, object));
  });
  return out;
}

function isList(o: unknown): o is { kind: 'List'; items: unknown[] } {
  return (
    typeof o === 'object' &&
    o !== null &&
    (o as { kind?: unknown }).kind === 'List' &&
    Array.isArray((o as { items?: unknown }).items)
  );
}

const firstLine = (msg: string): string => msg.split('\n')[0] ?? msg;

function resolve(doc: Document.Parsed, node: Node | undefined): Node | undefined {
  return isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
}

/** Walks the node tree; the last segment that exists gives the line (a map key's own line). */
function lineOfPath(
  doc: Document.Parsed,
  start: Node,
  path: readonly (string | number)[],
  lineAt: (offset: number) => number,
): number | undefined {
  let node: Node | undefined = start;
  let line = start.range ? lineAt(start.range[0]) : undefined;
  for (const seg of path) {
    node = resolve(doc, node);
    let next: Node | undefined;
    let at: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      next = pair?.value as Node | undefined;
      at = (pair?.key as Node | undefined)?.range?.[0];
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg] as Node | undefined;
      at = next?.range?.[0];
    }
    if (at === undefined) return line;
    line = lineAt(at);
    node = next;
  }
  return line;
}
