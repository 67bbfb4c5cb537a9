import { PodstateError } from '../errors.js';
import { kindShapes } from './apiShapes.js';
import { decodeAs } from './decodeAs.js';
import type { LoadedDocument } from './loadDocuments.js';
import type { KubeObject } from './types.js';

/** The apiVersion of podstate's own documents (Scenario and friends), handled by the CLI. */
export const PODSTATE_API_VERSION = 'podstate.dev/v1alpha1';

const supported = 'v1 Pod, Node, Secret, ConfigMap and podstate.dev/v1alpha1 documents';

/**
 * Sorts loaded documents into the Kubernetes objects podstate models (v1 Pod, Node, Secret,
 * ConfigMap, decoded as the API server's JSON decoder would) and podstate's own documents.
 * Pure.
 * @throws PodstateError('bad_input') naming file, line and kind for anything else, and for a
 *   field of the wrong JSON type (e.g. `defaultMode: "0400"`) with the API server's message.
 */
export function toObjects(docs: readonly LoadedDocument[]): {
  objects: { doc: LoadedDocument; object: KubeObject }[];
  other: LoadedDocument[];
} {
  const objects: { doc: LoadedDocument; object: KubeObject }[] = [];
  const other: LoadedDocument[] = [];
  for (const doc of docs) {
    const o = doc.object;
    const where = `${doc.file}:${doc.line}`;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      throw new PodstateError(
        'bad_input',
        `${where}: document ${doc.index + 1} is ${Array.isArray(o) ? 'a list' : `the scalar ${JSON.stringify(o)}`}, not a Kubernetes object; podstate accepts ${supported}.`,
        { file: doc.file, line: doc.line },
      );
    }
    const { apiVersion, kind } = o as { apiVersion?: unknown; kind?: unknown };
    if (apiVersion === PODSTATE_API_VERSION) {
      other.push(doc);
      continue;
    }
    if (typeof kind !== 'string' || kind === '') {
      throw new PodstateError(
        'bad_input',
        `${where}: Object 'Kind' is missing in document ${doc.index + 1}; add e.g. \`kind: Pod\` (podstate accepts ${supported}).`,
        { file: doc.file, line: doc.line },
      );
    }
    const shape = Object.hasOwn(kindShapes, kind) ? kindShapes[kind] : undefined;
    if (apiVersion !== 'v1' || shape === undefined) {
      const line = doc.lineOf(['kind']) ?? doc.line;
      throw new PodstateError(
        'bad_input',
        `${doc.file}:${line}: ${kind} (apiVersion ${JSON.stringify(apiVersion ?? '')}) is not supported; podstate accepts ${supported}.`,
        { file: doc.file, line, kind },
      );
    }
    const decoded = decodeAs(o, shape);
    if ('error' in decoded) {
      const line = doc.lineOf(decoded.error.path) ?? doc.line;
      throw new PodstateError(
        'bad_input',
        `${doc.file}:${line}: ${kind} in version "v1" cannot be handled as a ${kind}: ${decoded.error.message}${typeHint(decoded.error.message)}`,
        { file: doc.file, line, kind, path: decoded.error.path },
      );
    }
    if (decoded.unknownFields.length > 0) {
      const first = decoded.unknownFields[0]!;
      const line = doc.lineOf(first.path) ?? doc.line;
      const list = decoded.unknownFields.map((u) => `unknown field ${JSON.stringify(u.field)}`).join(', ');
      const hints = decoded.unknownFields.map(
        (u) =>
          `  ${doc.file}:${doc.lineOf(u.path) ?? doc.line}: ${u.field}: ${u.suggestion ? `did you mean "${u.suggestion}"?` : 'not a field of this object; remove it'}`,
      );
      throw new PodstateError(
        'bad_input',
        [
          `${doc.file}:${line}: ${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${list}`,
          ...hints,
        ].join('\n'),
        { file: doc.file, line, kind, unknownFields: decoded.unknownFields.map((u) => u.field) },
      );
    }
    objects.push({ doc, object: decoded.value as KubeObject });
  }
  return { objects, other };
}

function typeHint(message: string): string {
  if (/cannot unmarshal string into .* of type int(32|64)$/.test(message)) {
    return ' (write the number unquoted: YAML reads 0400 as octal 256, "0400" as a string)';
  }
  if (/cannot unmarshal (bool|number) into .* of type string$/.test(message)) {
    return ' (quote the value: YAML 1.1 reads yes/no/on/off/y/n as booleans and 0400 as a number)';
  }
  return '';
}
