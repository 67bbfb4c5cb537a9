import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Type-checks files as an embedder would (strict, NodeNext) against @podstate/core's published
 * declarations (dist, built by `tsc -b` before the tests), in one program; diagnostics by file.
 */
function diagnostics(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
    paths: { '@podstate/core': [here('../dist/index.d.ts')] },
  });
  const out = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const list = out.get(d.file?.fileName ?? '') ?? [];
    list.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    out.set(d.file?.fileName ?? '', list);
  }
  return out;
}

describe('typed events: one discriminated union derived from the catalogue, for the API and the machines (issue 9)', () => {
  it('an embedder typo in an event type or data field is a compile error; correct events compile', () => {
    const good = here('typed/embedder.ts');
    // The checker must catch a bad file: the same file without its @ts-expect-error lines.
    const dir = mkdtempSync(join(tmpdir(), 'typed-'));
    // The workspace's node_modules, so that `xstate` resolves there as it does beside the good file.
    symlinkSync(here('../../../node_modules'), join(dir, 'node_modules'));
    const bad = join(dir, 'embedder.ts');
    writeFileSync(bad, readFileSync(good, 'utf8').replace(/^\s*\/\/ @ts-expect-error.*$/gm, ''));
    const found = diagnostics([good, bad]);
    rmSync(dir, { recursive: true, force: true });
    // Every @ts-expect-error is needed (an unused one is itself a diagnostic), and nothing else fails.
    expect(found.get(good)).toEqual([]);
    const errors = found.get(bad)!.join('\n');
    expect(found.get(bad)!, errors).toHaveLength(11);
    expect(errors).toContain(`Type '"container.strated"' is not assignable`);
    // zod's strictObject types unknown keys as never: `exitcode: 1` fails as number → never.
    expect(errors).toContain("Type 'number' is not assignable to type 'never'");
    expect(errors).toContain("Type 'string' is not assignable to type 'number'");
    expect(errors).toContain(`Type '"ready"' is not assignable`);
    expect(errors).toContain("Property 'podIP' is missing");
    // The machines' `send`, typed by setup({ types: { events: MachineEvent } }).
    expect(errors).toContain(`Type '"pod.schedueld"' is not assignable`);
    // (an unknown data key, as above, is a `never` field: `nodeName: 'node-1'`)
    expect(errors.match(/Type 'string' is not assignable to type 'never'/g)).toHaveLength(2);
    // The container machine takes the container events and the Pod's deletion (killContainer).
    expect(errors).toContain(
      `Type '"pod.scheduled"' is not assignable to type '"pod.deletion.requested" | "container.image.pulling"`,
    );
    expect(errors).toContain("Property 'time' is missing");
  }, 120_000);
});
