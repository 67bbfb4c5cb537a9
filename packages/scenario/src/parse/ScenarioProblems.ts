import type { LoadedDocument } from '@podstate/core';
import { PodstateError } from '@podstate/core';

export type FieldPath = readonly (string | number)[];

/** Renders `['spec','steps',3,'expect']` as `spec.steps[3].expect`; odd keys as `["/etc/hosts"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * Collects every problem of one document as `file:line: field.path: what, and what to do`, so a
 * user fixes them all in one go; `throwIfAny` raises them as one PodstateError('bad_input').
 */
export class ScenarioProblems {
  readonly messages: string[] = [];

  constructor(readonly doc: LoadedDocument) {}

  /** Line of `path`, or of its nearest ancestor present in the file. */
  lineOf(path: FieldPath): number {
    for (let n = path.length; n > 0; n--) {
      const line = this.doc.lineOf(path.slice(0, n));
      if (line !== undefined) return line;
    }
    return this.doc.line;
  }

  add(path: FieldPath, message: string): void {
    this.messages.push(`${this.doc.file}:${this.lineOf(path)}: ${formatPath(path)}: ${message}`);
  }

  throwIfAny(): void {
    if (this.messages.length > 0) {
      throw new PodstateError('bad_input', this.messages.join('\n'), { problems: this.messages });
    }
  }
}
