#!/usr/bin/env node
// Regenerates the Mermaid diagrams in docs/statecharts.md from the machines (built core in
// packages/core/dist: run `npx tsc -b packages/core` first). Only the text between each
// `<!-- BEGIN GENERATED: toMermaid(<machine>) … -->` marker and `<!-- END GENERATED -->` changes.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const dist = (p) => new URL(`packages/core/dist/${p}`, root);
const { toMermaid } = await import(dist('charts/index.js'));
const machines = await import(dist('machines/index.js'));
const file = new URL('docs/statecharts.md', root);
const BLOCK =
  /(<!-- BEGIN GENERATED: toMermaid\((\w+)\)[^\n]*-->\n)```mermaid\n[\s\S]*?```\n(<!-- END GENERATED -->)/g;

let count = 0;
const text = readFileSync(file, 'utf8').replace(BLOCK, (_all, begin, name, end) => {
  const machine = machines[name];
  if (machine === undefined)
    throw new Error(`docs/statecharts.md names machine "${name}", which @podstate/core does not export`);
  count++;
  return `${begin}\`\`\`mermaid\n${toMermaid(machine)}\`\`\`\n${end}`;
});
writeFileSync(file, text);
console.log(`docs/statecharts.md: ${count} diagram(s) regenerated`);
