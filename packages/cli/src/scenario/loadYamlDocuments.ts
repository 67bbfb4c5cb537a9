import { PodstateError } from '@podstate/core';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

/** One YAML document of a file, with a way back from any field path to its line. */
export interface LoadedDocument {
  object: unknown;
  /** 0-based position of the document in its file. */
  index: number;
  file: string;
  /** 1-based line where the document starts. */
  line: number;
  /** 1-based line of the field at `path` (the key's line for a map entry), undefined if absent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * Parses every document of a YAML file as Kubernetes tools do (YAML 1.1: `yes`, `on`, `0400`
 * keep their 1.1 meaning). Throws PodstateError('bad_input') with file:line:column on a syntax
 * error. Same shape as core's loadDocuments, which the CLI moves to once it is exported.
 */
export function loadYamlDocuments(text: string, file: string): LoadedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  return docs.map((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      throw new PodstateError(
        'bad_input',
        `${file}:${line}:${col}: YAML does not parse: ${error.message.split('\n')[0]}`,
        {
          file,
          line,
          column: col,
        },
      );
    }
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    return {
      object: doc.toJS({ maxAliasCount: 1000 }),
      index,
      file,
      line: lineAt(start),
      lineOf(path) {
        let node: unknown = doc.contents;
        let line: number | undefined;
        for (const segment of path) {
          if (isMap(node)) {
            const pair = node.items.find(
              (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
            );
            if (!pair) return undefined;
            const key = pair.key as Node;
            line = key.range ? lineAt(key.range[0]) : line;
            node = pair.value;
          } else if (isSeq(node) && typeof segment === 'number') {
            const item = node.items[segment] as Node | undefined;
            if (!item) return undefined;
            line = item.range ? lineAt(item.range[0]) : line;
            node = item;
          } else return undefined;
        }
        if (path.length === 0 && isMap(node) && (node as Node).range) return lineAt((node as Node).range![0]);
        return line;
      },
    };
  });
}
