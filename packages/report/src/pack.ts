/**
 * Shares repeated parts of a JSON value (hash-consing): every object and array becomes one entry of
 * `nodes`, its members references to other entries, so the Pod's status after each of thousands of
 * facts costs only what changed. An object is `[shape, ref, …]` (its keys are `shapes[shape]`), an
 * array `[-1, ref, …]`, anything else is stored as itself. `unpack` (and the report's script)
 * rebuild the value. Pure.
 */
export class Packer {
  readonly nodes: unknown[] = [];
  readonly shapes: string[][] = [];
  private readonly index = new Map<string, number>();
  private readonly shapeIndex = new Map<string, number>();

  /** Adds `value` and returns its reference. */
  add(value: unknown): number {
    let node: unknown;
    if (Array.isArray(value)) node = [-1, ...value.map((v) => this.add(v))];
    else if (typeof value === 'object' && value !== null) {
      const keys: string[] = [];
      const refs: number[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        keys.push(k);
        refs.push(this.add(v));
      }
      const sk = keys.join('\u0000');
      let shape = this.shapeIndex.get(sk);
      if (shape === undefined) {
        shape = this.shapes.length;
        this.shapes.push(keys);
        this.shapeIndex.set(sk, shape);
      }
      node = [shape, ...refs];
    } else node = value === undefined ? null : value;
    const key = typeof node === 'string' ? `s${node}` : JSON.stringify(node);
    let ref = this.index.get(key);
    if (ref === undefined) {
      ref = this.nodes.length;
      this.nodes.push(node);
      this.index.set(key, ref);
    }
    return ref;
  }
}

/** Rebuilds the value at `ref` (the report's script does the same). */
export function unpack(nodes: readonly unknown[], shapes: readonly string[][], ref: number): unknown {
  const n = nodes[ref];
  if (!Array.isArray(n)) return n;
  if (n[0] === -1) return n.slice(1).map((r: number) => unpack(nodes, shapes, r));
  const keys = shapes[n[0] as number]!;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = unpack(nodes, shapes, n[i + 1] as number);
  return out;
}
