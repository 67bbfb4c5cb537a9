import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';

/** A seeded source of choices (seededRandom from @podstate/core/testing). */
export type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const BYTES = [
  0x00, 0x0a, 0x22, 0x27, 0x2a, 0x26, 0x3a, 0x2d, 0x7b, 0x5b, 0x7d, 0x20, 0x09, 0xff, 0xc3, 0x30, 0x39,
];

/** Flips, inserts, deletes or duplicates a few bytes, or truncates: the damage a careless edit does. */
export function mutateBytes(text: string, rng: Rng): string {
  const b = [...Buffer.from(text, 'utf8')];
  const n = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < n && b.length > 0; i++) {
    const at = Math.floor(rng() * b.length);
    const op = Math.floor(rng() * 5);
    if (op === 0) b[at] = pick(rng, BYTES);
    else if (op === 1) b.splice(at, 0, pick(rng, BYTES));
    else if (op === 2) b.splice(at, 1 + Math.floor(rng() * 8));
    else if (op === 3) b.splice(at, 0, ...b.slice(at, at + 1 + Math.floor(rng() * 20)));
    else b.length = at;
  }
  return Buffer.from(b).toString('utf8');
}

const WEIRD: readonly unknown[] = [
  'nope',
  '',
  -1,
  0,
  1.5,
  70000,
  2 ** 53,
  -(2 ** 63),
  1e308,
  true,
  null,
  [],
  [1, 2],
  {},
  { a: { b: { c: { d: { e: { f: { g: [] } } } } } } },
  '999.1.1.1',
  '../../etc/passwd',
  '/abs/path',
  '2400000000h',
  '0400',
  'x'.repeat(300),
];
const KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'containerz',
  'imagePolicy',
  'exitcode',
  'hasOwnProperty',
  'valueOf',
];

function deep(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { nested: v } : [v];
  return v;
}

/** All map and sequence nodes of a YAML document, so one can be picked at random. */
function collections(node: Node | null, out: Node[] = []): Node[] {
  if (isMap(node)) {
    out.push(node);
    for (const p of node.items) collections(p.value as Node, out);
  } else if (isSeq(node)) {
    out.push(node);
    for (const i of node.items) collections(i as Node, out);
  }
  return out;
}

/**
 * A structural mutation of a YAML stream: a value replaced by one of the wrong type (or a huge
 * number, a path, a duration), an unknown or prototype-named key added, deep nesting, or an alias
 * to an anchor that does not exist. Returns YAML text.
 */
export function mutateStructure(text: string, rng: Rng): string {
  const parts = text.split(/^---$/m);
  const i = Math.floor(rng() * parts.length);
  const doc = parseDocument(parts[i]!, { uniqueKeys: false });
  const targets = collections(doc.contents as Node | null);
  if (targets.length === 0) return text;
  const times = 1 + Math.floor(rng() * 2);
  let aliasBreak = false;
  for (let t = 0; t < times; t++) {
    const node = pick(rng, targets);
    const op = Math.floor(rng() * 6);
    if (isMap(node) && node.items.length > 0) {
      const pair = pick(rng, node.items);
      if (op <= 2) pair.value = doc.createNode(pick(rng, WEIRD));
      else if (op === 3) node.items.push(doc.createPair(pick(rng, KEYS), pick(rng, WEIRD)) as never);
      else if (op === 4) pair.value = doc.createNode(deep(20 + Math.floor(rng() * 200)));
      else aliasBreak = isScalar(pair.key) && typeof pair.key.value === 'string';
      if (aliasBreak) pair.value = doc.createNode('__ALIAS__');
    } else if (isSeq(node)) {
      if (op <= 3) node.items.push(doc.createNode(pick(rng, WEIRD)) as never);
      else node.items.splice(0, node.items.length);
    }
  }
  let out = doc.toString({ lineWidth: 0 });
  if (aliasBreak) out = out.replace('__ALIAS__', '*nosuchanchor');
  parts[i] = out.endsWith('\n') ? out : `${out}\n`;
  return parts.join('---\n');
}

/** A mutation of one event JSON object: a field dropped, retyped, renamed, or a prototype key added. */
export function mutateEvent(event: Record<string, unknown>, rng: Rng): unknown {
  const e: Record<string, unknown> = JSON.parse(JSON.stringify(event));
  const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>;
  const target = rng() < 0.5 ? e : data;
  const keys = Object.keys(target);
  const op = Math.floor(rng() * 5);
  const key = keys.length > 0 ? pick(rng, keys) : 'x';
  if (op === 0) delete target[key];
  else if (op === 1) target[key] = pick(rng, WEIRD);
  else if (op === 2) {
    target[`${key}z`] = target[key];
    delete target[key];
  } else if (op === 3)
    Object.defineProperty(target, pick(rng, KEYS), { value: pick(rng, WEIRD), enumerable: true });
  else target[key] = deep(50);
  return e;
}
