/** FNV-1a hash of a string, for deterministic choices. Pure. @internal */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A deterministic Pod IP in 10.244.0.0/16 for a Pod's n-th sandbox. Pure.
 * @internal
 */
export function podIPFor(uid: string, sandbox: number): string {
  const h = fnv1a(`${uid}#${sandbox}`);
  return `10.244.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}`;
}
