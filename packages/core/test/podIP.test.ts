import { fnv1a, podIPFor } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

// The Pod IPs the engine proposes for a new sandbox (nextActions, enabledEvents, the scenario
// auto-driver): deterministic, so a replayed scenario shows the same IPs in every version.
describe('podIPFor: deterministic Pod IPs from the node Pod CIDR', () => {
  it('fnv1a is the 32-bit FNV-1a hash (the published test vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('host-local IPAM: every IP lies in 10.244.0.0/16 and is never the network (.0) or gateway (.1) address', () => {
    for (let i = 0; i < 2000; i++) {
      const m = /^10\.244\.(\d+)\.(\d+)$/.exec(podIPFor(`pod-${i}`, 1));
      expect(m, `pod-${i}`).not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual(255);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      expect(Number(m![2])).toBeLessThanOrEqual(255);
    }
  });

  it('different Pods get different IPs, and a Pod gets a new IP with each new sandbox', () => {
    const ips = new Set(Array.from({ length: 2000 }, (_, i) => podIPFor(`pod-${i}`, 1)));
    expect(ips.size).toBeGreaterThan(1900);
    expect(podIPFor('u1', 2)).not.toBe(podIPFor('u1', 1));
  });

  it('the same Pod and sandbox give the same IP in every version (replayed scenarios keep their IPs)', () => {
    expect(podIPFor('u1', 1)).toBe('10.244.170.83');
    expect(podIPFor('u1', 2)).toBe('10.244.171.230');
    expect(podIPFor('7f3c9a10-5b2e-4c1d-9e8f-0a1b2c3d4e5f', 1)).toBe('10.244.60.15');
  });
});
