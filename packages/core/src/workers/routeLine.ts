/**
 * What a byte scan of one log line found, without JSON.parse: where its stream, type and time
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
  /** The `time` string's bytes (without quotes), once routeTime found them. */
  timeStart: number;
  timeEnd: number;
}

/** A fresh route object for {@link routeLine} to fill. @internal */
export function createLineRoute(): LineRoute {
  return { hash: 0, pod: false, shared: false, streamStart: 0, streamEnd: 0, timeStart: 0, timeEnd: 0 };
}

const bytes = (s: string) => Buffer.from(s, 'latin1');
const HEAD = bytes('{"v":1,"seq":');
const STREAM = bytes(',"stream":"');
const REV = bytes(',"rev":');
const ID = bytes(',"id":"');
const TYPE = bytes(',"type":"');
const SV = bytes(',"sv":');
const TIME = bytes(',"time":"');
const SHARED_NAMES = new Set(['pod.created', 'pod.scheduled', 'container.image.pulled', 'pod.removed']);
const SHARED = [...SHARED_NAMES].map(bytes);

function at(buf: Buffer, i: number, end: number, p: Buffer): boolean {
  if (i + p.length > end) return false;
  for (let k = 0; k < p.length; k++) if (buf[i + k] !== p[k]) return false;
  return true;
}

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
 * with `salt`). Returns false when the line does not start that way (or the stream holds an
 * escape): such a line cannot be routed by bytes, and the caller falls back to reading the log on
 * one thread, which reports it. The type and time are found by {@link routeType} and
 * {@link routeTime}, only for the lines that need them. Pure but for `r`.
 * @internal
 */
export function routeLine(buf: Buffer, start: number, end: number, r: LineRoute, salt: number): boolean {
  if (!at(buf, start, end, HEAD)) return false;
  const i = digits(buf, start + HEAD.length, end);
  if (!at(buf, i, end, STREAM)) return false;
  const s0 = i + STREAM.length;
  const s1 = stringEnd(buf, s0, end);
  if (s1 < 0) return false;
  r.streamStart = s0;
  r.streamEnd = s1;
  r.shared = false;
  r.pod =
    s1 - s0 > 4 && buf[s0] === 0x70 && buf[s0 + 1] === 0x6f && buf[s0 + 2] === 0x64 && buf[s0 + 3] === 0x2f;
  if (!r.pod) {
    r.hash = 0;
    return true;
  }
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let k = s0 + 4; k < s1; k++) h = Math.imul(h ^ buf[k]!, 0x01000193) >>> 0;
  // FNV's low bits mix poorly for short keys: fold the high half in before taking a remainder.
  r.hash = (h ^ (h >>> 16)) >>> 0;
  return true;
}

/**
 * After {@link routeLine}: finds the type (`,"rev":…,"id":"…","type":"…"`) and sets `r.shared`
 * for a Pod's line. Returns the index after the type's closing quote, or -1 if the line is not
 * shaped so. Pure but for `r`.
 * @internal
 */
export function routeType(buf: Buffer, end: number, r: LineRoute): number {
  let i = r.streamEnd + 1;
  if (!at(buf, i, end, REV)) return -1;
  i = digits(buf, i + REV.length, end);
  if (!at(buf, i, end, ID)) return -1;
  i = stringEnd(buf, i + ID.length, end);
  if (i < 0 || !at(buf, i + 1, end, TYPE)) return -1;
  const t0 = i + 1 + TYPE.length;
  const t1 = stringEnd(buf, t0, end);
  if (t1 < 0) return -1;
  r.shared = false;
  if (r.pod) {
    for (let k = 0; k < SHARED.length; k++) {
      const s = SHARED[k]!;
      if (s.length === t1 - t0 && at(buf, t0, t1, s)) {
        r.shared = true;
        break;
      }
    }
  }
  return t1 + 1;
}

/**
 * After {@link routeType} (its result `i`): finds the time string (`,"sv":…,"time":"…"`) and sets
 * `r.timeStart`/`r.timeEnd`. False if the line is not shaped so. Pure but for `r`.
 * @internal
 */
export function routeTime(buf: Buffer, i: number, end: number, r: LineRoute): boolean {
  if (!at(buf, i, end, SV)) return false;
  i = digits(buf, i + SV.length, end);
  if (!at(buf, i, end, TIME)) return false;
  r.timeStart = i + TIME.length;
  r.timeEnd = stringEnd(buf, r.timeStart, end);
  return r.timeEnd >= 0;
}

/** Whether the engine's type name is one of the shared Pod facts ({@link LineRoute.shared}). @internal */
export function isSharedPodFact(type: string): boolean {
  return SHARED_NAMES.has(type);
}

/**
 * The partition (of `count`) routeLine puts the Pod `uid`'s lines in, with `salt`. Pure.
 * @internal
 */
export function podPartition(uid: string, salt: number, count: number): number {
  const line = Buffer.from(`{"v":1,"seq":1,"stream":${JSON.stringify(`pod/${uid}`)},`);
  const r = createLineRoute();
  if (!routeLine(line, 0, line.length, r, salt)) throw new Error(`uid ${uid} cannot be routed`);
  return r.hash % count;
}
