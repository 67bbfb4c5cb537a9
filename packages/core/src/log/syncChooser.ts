/**
 * Where a single durable append's fdatasync runs: on the calling thread (`fdatasyncSync`) or on
 * libuv's thread pool (`FileHandle.datasync`). Both make the same bytes durable before the append
 * is acknowledged; they differ only in how long the caller waits, and which is shorter depends on
 * the machine:
 * - idle cores: the calling thread is quicker (the pool costs two thread wake-ups and a promise
 *   round trip per append, ~40 µs measured on this project's 2-core VM, beside a ~130 µs
 *   fdatasync);
 * - cores busy with other processes: a pool thread's fdatasync has measured quicker than the same
 *   call on the busy main thread (issue 14 item 5, decisions.md).
 *
 * So the writer measures both and uses the quicker: every {@link CYCLE} appends begin with
 * {@link PROBES} probes taken alternately on each side (the same moments of the disk fall on
 * both); the rest of the cycle uses the side whose probes had the lower median (a side without
 * probes this cycle — appends that went through the queue — keeps the last choice). Only the wait changes with the choice, never what is written or when it is
 * acknowledged. The clock read here is a monotonic one and decides nothing else (DESIGN.md lets
 * the log adapters read it).
 * @internal
 */
export class SyncChooser {
  /**
   * Tests only: every append on this side (undefined: measure and choose). Lets the fault tests
   * drive each side through a full disk.
   */
  static force: 'sync' | 'pool' | undefined;
  /** Appends per cycle: probes first, then the chosen side. */
  static readonly CYCLE = 256;
  /** Probes per cycle, half on each side. */
  static readonly PROBES = 16;
  /** Position in the cycle. */
  private at = 0;
  /** This cycle's probe times (ms) on each side. */
  private readonly probes = {
    sync: new Float64Array(SyncChooser.PROBES / 2),
    pool: new Float64Array(SyncChooser.PROBES / 2),
  };
  private readonly count = { sync: 0, pool: 0 };
  private chosen: 'sync' | 'pool' = 'sync';

  /** The side the next append's fdatasync runs on. */
  next(): 'sync' | 'pool' {
    if (SyncChooser.force !== undefined) return SyncChooser.force;
    const i = this.at;
    this.at = i + 1 === SyncChooser.CYCLE ? 0 : i + 1;
    if (i < SyncChooser.PROBES) return (i & 1) === 0 ? 'sync' : 'pool';
    if (i === SyncChooser.PROBES) this.decide();
    return this.chosen;
  }

  /** True while the append {@link next} just placed is a probe (its time is recorded). */
  get probing(): boolean {
    return this.at !== 0 && this.at <= SyncChooser.PROBES;
  }

  /** Records the wall time (ms) of a durable write on `side`; only probes count. */
  record(side: 'sync' | 'pool', ms: number): void {
    const n = this.count[side];
    if (this.at === 0 || this.at > SyncChooser.PROBES || n === this.probes[side].length) return;
    this.probes[side][n] = ms;
    this.count[side] = n + 1;
  }

  /** The side chosen for the rest of the cycle. */
  get side(): 'sync' | 'pool' {
    return this.chosen;
  }

  /** The side with the lower median probe (one stalled fdatasync does not decide); sync on a tie. */
  private decide(): void {
    const sync = median(this.probes.sync, this.count.sync);
    const pool = median(this.probes.pool, this.count.pool);
    this.count.sync = 0;
    this.count.pool = 0;
    if (!Number.isNaN(sync) && !Number.isNaN(pool)) this.chosen = pool < sync ? 'pool' : 'sync';
  }
}

function median(a: Float64Array, n: number): number {
  if (n === 0) return Number.NaN;
  const s = a.subarray(0, n).sort();
  return n % 2 === 1 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
}
