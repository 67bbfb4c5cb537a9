import { PodstateError } from '../errors.js';
import { formatFieldError } from './fieldErrors.js';
import { splitFieldPath } from './fieldPath.js';
import type { LoadedDocument } from './loadDocuments.js';
import type { KubeObject } from './types.js';
import { validateObject } from './validateObject.js';

/**
 * Throws when the API server would refuse the object: one PodstateError('bad_input') listing
 * every field error as `<file>:<line>: <error>` (the line of the field, or of its nearest
 * present parent), headed like kubectl's `The Pod "web" is invalid:` and ending with a hint.
 * Returns nothing when the object is valid. Pure.
 * @example assertValid(object, doc) // throws 'pod.yaml:12: spec.containers[1].name: Duplicate value: "app"' …
 */
export function assertValid(object: KubeObject, doc: LoadedDocument): void {
  const errors = validateObject(object);
  if (errors.length === 0) return;
  const name = object.metadata?.name ?? '';
  const lines = errors.map(
    (e) => `${doc.file}:${doc.lineOf(splitFieldPath(e.field)) ?? doc.line}: ${formatFieldError(e)}`,
  );
  const message = [
    `${doc.file}:${doc.line}: The ${object.kind} ${JSON.stringify(name)} is invalid:`,
    ...lines.map((l) => `  ${l}`),
    `Fix the field${errors.length > 1 ? 's' : ''} above (the messages are the API server's) and run again.`,
  ].join('\n');
  throw new PodstateError('bad_input', message, { file: doc.file, line: doc.line, errors });
}
