#!/usr/bin/env node
// Writes packages/core/src/machines/generated/tables.ts: the Pod and container charts compiled
// to plain tables (machines/tableSource.ts), so replay loads them without XState. Runs on the
// built core (packages/core/dist): `npm run gen` builds first. `--check` writes nothing and exits
// 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const file = new URL('packages/core/src/machines/generated/tables.ts', root);
const { tableSource } = await import(new URL('packages/core/dist/machines/tableSource.js', root).href);
const text = tableSource();
let old;
try {
  old = readFileSync(file, 'utf8');
} catch {
  old = undefined;
}
if (process.argv.includes('--check')) {
  if (old !== text) {
    console.error('packages/core/src/machines/generated/tables.ts is stale: run npm run gen');
    process.exit(1);
  }
} else if (old !== text) {
  writeFileSync(file, text);
  console.log('packages/core/src/machines/generated/tables.ts: regenerated');
} else console.log('packages/core/src/machines/generated/tables.ts: up to date');
