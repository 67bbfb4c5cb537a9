import { readFileSync } from 'node:fs';
import { containerMachine, podMachine } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { toMermaid } from '../src/charts/index.js';

const doc = readFileSync(new URL('../../../docs/statecharts.md', import.meta.url), 'utf8');
const BLOCK =
  /<!-- BEGIN GENERATED: toMermaid\((\w+)\)[^\n]*-->\n```mermaid\n([\s\S]*?)```\n<!-- END GENERATED -->/g;
const machines: Record<string, AnyStateMachine> = { podMachine, containerMachine };
const blocks = [...doc.matchAll(BLOCK)].map((m) => ({ name: m[1]!, text: m[2]! }));

/** Names of the generated blocks that differ from their machine's current diagram. */
function staleBlocks(found: { name: string; text: string }[]): string[] {
  return found
    .filter((b) => machines[b.name] === undefined || toMermaid(machines[b.name]!) !== b.text)
    .map((b) => b.name);
}

describe('docs/statecharts.md', () => {
  it('has one generated Mermaid diagram per machine', () => {
    expect(blocks.map((b) => b.name).sort()).toEqual(['containerMachine', 'podMachine']);
  });

  it.each(Object.keys(machines))('diagram of %s equals toMermaid of the machine', (name) => {
    const block = blocks.find((b) => b.name === name);
    const expected = toMermaid(machines[name]!);
    if (block?.text !== expected) {
      console.error(
        `docs/statecharts.md: the ${name} diagram is stale. Run: npx tsc -b packages/core && node scripts/gen-statecharts.mjs\n` +
          `or paste this block between its markers:\n\`\`\`mermaid\n${expected}\`\`\``,
      );
    }
    expect(block?.text).toBe(expected);
  });

  it('the staleness check catches a diagram that lost a transition', () => {
    const pod = blocks.find((b) => b.name === 'podMachine')!;
    const edited = pod.text.replace('  containers --> finished_failed : always [podDone]\n', '');
    expect(edited).not.toBe(pod.text);
    expect(staleBlocks([{ name: 'podMachine', text: edited }])).toEqual(['podMachine']);
    expect(staleBlocks(blocks)).toEqual([]);
  });
});
