import { hash32 } from './IdSet.js';

/**
 * The writer's id → seq index in 12 bytes a slot instead of a string and a Map entry per id
 * (~100 bytes, all of it kept for the log's life and scanned by every major GC): an
 * open-addressing table of 32-bit hashes and seqs. An equal hash is settled exactly by asking
 * `idOf(seq)` for the id recorded there (the file store reads the line back, or the pending
 * record), so an answer is never a guess; a new id meets a stored hash about once in
 * 4G / (ids held) lookups. Ids are never forgotten: idempotent retries and id uniqueness hold
 * over the whole log.
 */
export class IdTable {
  private hashes = new Uint32Array(1 << 10);
  /** Seq of the id in each slot (0: empty). */
  private seqs = new Float64Array(1 << 10);
  private count = 0;

  /** `idOf(seq)`: the id of the record at `seq` (set by the store once it can read records). */
  constructor(public idOf: (seq: number) => string | undefined = () => undefined) {}

  /** Number of ids held. */
  get size(): number {
    return this.count;
  }

  /** The seq of the record with `id`, or undefined. */
  get(id: string): number | undefined {
    const h = hash32(id);
    const mask = this.hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const seq = this.seqs[i]!;
      if (seq === 0) return undefined;
      if (this.hashes[i] === h && this.idOf(seq) === id) return seq;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Records that `id` (not held yet: the caller checked) is at `seq` (>= 1). */
  set(id: string, seq: number): void {
    if (this.count * 4 >= this.hashes.length * 3) this.grow();
    const h = hash32(id);
    const mask = this.hashes.length - 1;
    let i = h & mask;
    while (this.seqs[i] !== 0) i = (i + 1) & mask;
    this.hashes[i] = h;
    this.seqs[i] = seq;
    this.count++;
  }

  private grow(): void {
    const { hashes, seqs } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.seqs = new Float64Array(hashes.length * 2);
    const mask = this.hashes.length - 1;
    for (let j = 0; j < hashes.length; j++) {
      const seq = seqs[j]!;
      if (seq === 0) continue;
      let i = hashes[j]! & mask;
      while (this.seqs[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = hashes[j]!;
      this.seqs[i] = seq;
    }
  }
}
