// The byte router of a split replay (issue 14 item 3): for every event type of the catalogue, the
// type a Pod line's bytes say and the decoded type agree on whether other partitions must see it.
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../events/eventTypeNames.js';
import { createLineRoute, isSharedPodFact, podPartition, routeLine, routeType } from './routeLine.js';

/** The Pod facts that change the cluster other partitions' Pods see (DESIGN: applyPodEffects). */
const SHARED = ['pod.created', 'pod.scheduled', 'container.image.pulled', 'pod.removed'];

const line = (stream: string, type: string) =>
  Buffer.from(
    `{"v":1,"seq":12,"stream":"${stream}","rev":3,"id":"0b7c2a51-2f7e-4d0a-9a43-6f1c4b5e8d21","type":"${type}","sv":1,"time":"2026-01-01T00:00:00.000Z","data":{}}`,
  );

describe('routeLine / routeType / isSharedPodFact', () => {
  it('a Pod line is shared exactly for the four cluster-changing types, from its bytes and from its decoded type', () => {
    for (const type of [...EVENT_TYPES, 'pod.createdx', 'pod.create', 'container.image.pulleD']) {
      const want = SHARED.includes(type);
      expect(isSharedPodFact(type), type).toBe(want);
      const buf = line('pod/u-1', type);
      const r = createLineRoute();
      expect(routeLine(buf, 0, buf.length, r, 0)).toBe(true);
      expect(r.pod).toBe(true);
      expect(routeType(buf, buf.length, r)).toBeGreaterThan(0);
      expect(r.shared, type).toBe(want);
    }
  });

  it('a cluster line is not a Pod line, and the stream bytes are where the stream is', () => {
    const buf = line('node/node-1', 'node.registered');
    const r = createLineRoute();
    expect(routeLine(buf, 0, buf.length, r, 0)).toBe(true);
    expect(r.pod).toBe(false);
    expect(buf.toString('latin1', r.streamStart, r.streamEnd)).toBe('node/node-1');
  });
});

describe('routeLine on UUID uids (as the stores write them)', () => {
  const uuid = (i: number) => {
    const h = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);
    const x = Math.imul(i + 1, 0x9e3779b1);
    return `${h(x, 8)}-${h(x >>> 7, 4)}-4${h(x >>> 3, 3)}-a${h(x >>> 11, 3)}-${h(Math.imul(x, 31), 4)}${h(Math.imul(x, 0x85ebca6b), 8)}`;
  };

  it('the stream is the whole UUID, and 2,000 UUIDs share out between 2 partitions within 45–55 %', () => {
    let zero = 0;
    for (let i = 0; i < 2000; i++) {
      const u = uuid(i);
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      const buf = line(`pod/${u}`, 'container.started');
      const r = createLineRoute();
      expect(routeLine(buf, 0, buf.length, r, 0)).toBe(true);
      expect(buf.toString('latin1', r.streamStart, r.streamEnd)).toBe(`pod/${u}`);
      if (podPartition(u, { count: 2 }) === 0) zero++;
    }
    expect(zero).toBeGreaterThan(900);
    expect(zero).toBeLessThan(1100);
  });
});
