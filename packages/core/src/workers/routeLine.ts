/**
 * What a byte scan of one log line found, without JSON.parse: where its stream and type
 * are, and which kind of line it is for a partitioned replay. Filled in place by
 * {@link routeLine} (one object per reader, no allocation per line).
 * @internal
 */
export interface LineRoute {
  /** `pod/<uid>` lines: the partition hash of the uid's bytes; 0 for cluster lines. */
  hash: number;
  /** True for a Pod's stream (`pod/<uid>`), false for a cluster object's (node, Secret, ConfigMap, clock). */
  pod: boolean;
  /**
   * A Pod fact other partitions must see too, because it changes the cluster or what they know
   * of other Pods: `pod.created` (its containers' images), `pod.scheduled` (its node, and an
   * implicit node), `container.image.pulled` (the node's image cache), `pod.removed` (forget it).
   */
  shared: boolean;
  streamStart: number;
  streamEnd: number;
}

/** A fresh route object for {@link routeLine} to fill. @internal */
export function createLineRoute(): LineRoute {
  return { hash: 0, pod: false, shared: false, streamStart: 0, streamEnd: 0 };
}

const bytes = (s: string) => Buffer.from(s, 'latin1');
const HEAD = bytes('{"v":1,"seq":');
const STREAM = bytes(',"stream":"');
const REV = bytes(',"rev":');
const ID = bytes(',"id":"');
const TYPE = bytes(',"type":"');
const SHARED_NAMES = ['pod.created', 'pod.scheduled', 'container.image.pulled', 'pod.removed'];
const SHARED = SHARED_NAMES.map(bytes);

function digits(buf: Buffer, i: number, end: number): number {
  while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  return i;
}

/** The index of the closing quote of a JSON string starting at `i`, or -1 if it has an escape or no end. */
function stringEnd(buf: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x22) return i;
    if (c === 0x5c) return -1;
  }
  return -1;
}

/**
 * Scans the start of the line `buf[start, end)` as encodeRecord writes it (`{"v":1,"seq":…,
 * "stream":"…"`) and fills `r`'s stream, `pod` and `hash` (FNV-1a over the uid's bytes, mixed
 * with `salt`). Returns false when the line is too short or the stream string has no end or an
 * escape: such a line cannot be routed by bytes, and the caller falls back to reading the log on
 * one thread, which reports it. The fixed keys between the fields are skipped, not compared: a
 * line not shaped as encodeRecord writes it is routed somewhere, and whichever partition decodes
 * it finds that its decoded stream or type differs from what the bytes said (readPartition)
 * and gives up. The type is found by {@link routeType}, only for the lines that need it. Pure
 * but for `r`.
 * @internal
 */
export function routeLine(buf: Buffer, start: number, end: number, r: LineRoute, salt: number): boolean {
  if (end - start < 48 || buf[start] !== 0x7b) return false;
  const s0 = digits(buf, start + HEAD.length, end) + STREAM.length;
  if (buf[s0 - 1] !== 0x22) return false;
  r.streamStart = s0;
  r.shared = false;
  r.pod = buf[s0] === 0x70 && buf[s0 + 1] === 0x6f && buf[s0 + 2] === 0x64 && buf[s0 + 3] === 0x2f;
  if (!r.pod) {
    r.hash = 0;
    r.streamEnd = stringEnd(buf, s0, end);
    return r.streamEnd >= 0;
  }
  let h = (0x811c9dc5 ^ salt) >>> 0;
  let k = s0 + 4;
  if (isUuidAt(buf, k, end)) {
    // A UUID (as every store writes uids): its last 12 characters (random in a v4 UUID) are hash
    // enough, and its closing quote is where isUuidAt found it. An escape inside it makes the
    // decoded stream differ from these bytes, which the line's owner finds (readPartition, readFed).
    for (let j = k + 24; j < k + 36; j++) h = Math.imul(h ^ buf[j]!, 0x01000193) >>> 0;
    k += 36;
  } else {
    // Any other uid: all of it, up to the closing quote.
    for (; k < end; k++) {
      const c = buf[k]!;
      if (c === 0x22) break;
      if (c === 0x5c) return false;
      h = Math.imul(h ^ c, 0x01000193) >>> 0;
    }
    if (k >= end || k === s0 + 4) return false;
  }
  r.streamEnd = k;
  // FNV's low bits mix poorly for short keys: fold the high half in before taking a remainder.
  r.hash = (h ^ (h >>> 16)) >>> 0;
  return true;
}

/** True when the type string at `t0` is `s` (its bytes, then the closing quote). */
function typeIs(buf: Buffer, t0: number, end: number, s: Buffer): boolean {
  const n = s.length;
  if (t0 + n >= end || buf[t0 + n] !== 0x22) return false;
  for (let k = 0; k < n; k++) if (buf[t0 + k] !== s[k]) return false;
  return true;
}

/** True when a UUID's 36 characters (dashes in place) and its closing quote start at `i`. */
function isUuidAt(buf: Buffer, i: number, end: number): boolean {
  return (
    i + 36 < end &&
    buf[i + 36] === 0x22 &&
    buf[i + 8] === 0x2d &&
    buf[i + 13] === 0x2d &&
    buf[i + 18] === 0x2d &&
    buf[i + 23] === 0x2d &&
    buf[i + 35] !== 0x22
  );
}

/**
 * After {@link routeLine}: finds the type (`,"rev":…,"id":"…","type":"…"`) and sets `r.shared`
 * for a Pod's line. Returns the index after the type's closing quote, or -1 if a string has no
 * end. An id of 36 characters (a UUID, as the stores write them) is stepped over at once. Pure
 * but for `r`.
 * @internal
 */
export function routeType(buf: Buffer, end: number, r: LineRoute): number {
  let i = digits(buf, r.streamEnd + 1 + REV.length, end) + ID.length;
  i = isUuidAt(buf, i, end) ? i + 36 : stringEnd(buf, i, end);
  if (i < 0) return -1;
  const t0 = i + 1 + TYPE.length;
  r.shared = false;
  if (r.pod) {
    for (let k = 0; k < SHARED.length; k++) {
      if (typeIs(buf, t0, end, SHARED[k]!)) {
        r.shared = true;
        return t0 + SHARED[k]!.length + 1;
      }
    }
  }
  const t1 = stringEnd(buf, t0, end);
  return t1 < 0 ? -1 : t1 + 1;
}

/** Whether the engine's type name is one of the shared Pod facts ({@link LineRoute.shared}). @internal */
export function isSharedPodFact(type: string): boolean {
  // By length first: the common types (container.probe.succeeded, container.started, …) stop there.
  switch (type.length) {
    case 11:
      return type === 'pod.created' || type === 'pod.removed';
    case 13:
      return type === 'pod.scheduled';
    case 22:
      return type === 'container.image.pulled';
    default:
      return false;
  }
}

/** Hashes are cut into this many slots, shared out between partitions by their weights. */
const SLOTS = 4096;

/**
 * Where each partition's slots end (partitionOf): equal shares, or `weights` (one per partition).
 * @internal
 */
export function partitionCuts(spec: { count: number; weights?: readonly number[] }): Uint16Array {
  const w = spec.weights ?? Array.from({ length: spec.count }, () => 1);
  if (w.length !== spec.count || w.some((x) => !(x > 0)))
    throw new Error(`partition weights ${JSON.stringify(w)} must be ${spec.count} positive numbers`);
  const total = w.reduce((a, b) => a + b, 0);
  const cuts = new Uint16Array(spec.count);
  let sum = 0;
  for (let i = 0; i < spec.count; i++) {
    sum += w[i]!;
    cuts[i] = i === spec.count - 1 ? SLOTS : Math.round((SLOTS * sum) / total);
  }
  return cuts;
}

/**
 * The partition a Pod line with partition hash `hash` (LineRoute.hash) belongs to. Pure.
 * @internal
 */
export function partitionOf(hash: number, cuts: Uint16Array): number {
  const slot = hash % SLOTS;
  let i = 0;
  while (slot >= cuts[i]!) i++;
  return i;
}

/**
 * The partition (of `spec.count`) routeLine puts the Pod `uid`'s lines in. Pure.
 * @internal
 */
export function podPartition(
  uid: string,
  spec: { count: number; salt?: number; weights?: readonly number[] },
): number {
  const line = Buffer.from(
    `{"v":1,"seq":1,"stream":${JSON.stringify(`pod/${uid}`)},"rev":1,"id":"0","type":"pod.created"`,
  );
  const r = createLineRoute();
  if (!routeLine(line, 0, line.length, r, spec.salt ?? 0)) throw new Error(`uid ${uid} cannot be routed`);
  return partitionOf(r.hash, partitionCuts(spec));
}
