import type { Pod } from '@podstate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atomicUpdate } from './atomicWriter.js';
import { containerMounts } from './containerMounts.js';
import { i12Violations, mixedVersionViolations } from './i12.js';
import type { FileProjection } from './makePayload.js';
import { appendObjectVersion, type ObjectHistory, objectViewAt } from './objectHistory.js';
import { type VolumeAt, volumeAt } from './volumeTimeline.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_260_127);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 150);
const enc = new TextEncoder();

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: {
    serviceAccountName: 'default',
    containers: [
      { name: 'app', image: 'i', volumeMounts: [{ name: 'cm', mountPath: '/cfg', subPath: 'k1' }] },
    ],
    volumes: [
      { name: 'sec', secret: { secretName: 'a' } },
      {
        name: 'cm',
        configMap: {
          name: 'b',
          optional: true,
          items: [
            { key: 'k1', path: 'k1' },
            { key: 'k2', path: 'dir/k2' },
          ],
        },
      },
      {
        name: 'proj',
        projected: {
          sources: [
            { secret: { name: 'b', optional: true, items: [{ key: 'k2', path: 's/k2' }] } },
            { configMap: { name: 'a', items: [{ key: 'k1', path: 'k1' }] } },
            { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
            { serviceAccountToken: { path: 'token', expirationSeconds: 600 } },
          ],
        },
      },
    ],
  },
};

const dataArb = fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), fc.string({ maxLength: 4 }), { maxKeys: 3 });
const stepArb = fc.record({
  dt: fc.integer({ min: 0, max: 200_000 }),
  kind: fc.constantFrom('secret' as const, 'configmap' as const),
  name: fc.constantFrom('a', 'b'),
  data: fc.option(dataArb, { nil: undefined }),
});
const scenarioArb = fc.record({
  steps: fc.array(stepArb, { maxLength: 12 }),
  firstSyncAt: fc.integer({ min: 0, max: 600_000 }),
  delayMs: fc.integer({ min: 0, max: 300_000 }),
  observeAt: fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 5 }),
});

type Step = {
  dt: number;
  kind: 'secret' | 'configmap';
  name: string;
  data: Record<string, string> | undefined;
};

function buildHistory(steps: Step[]): ObjectHistory {
  let t = 0;
  let h: ObjectHistory = [];
  for (const s of steps) {
    t += s.dt;
    const object =
      s.data === undefined
        ? undefined
        : s.kind === 'secret'
          ? { data: Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, enc.encode(v)])) }
          : { data: s.data, binaryData: {} };
    h = appendObjectVersion(h, {
      kind: s.kind,
      namespace: 'default',
      name: s.name,
      appliedAt: t,
      object,
    } as never);
  }
  return h;
}

describe('I12: mounted files equal a fresh projection of the visible objects', () => {
  it('I12 property: no violation at any observation time; subPath frozen at container start', () => {
    fc.assert(
      fc.property(scenarioArb, ({ steps, firstSyncAt, delayMs, observeAt }) => {
        const ctx = { history: buildHistory(steps), firstSyncAt, propagationDelayMs: delayMs };
        for (const t of observeAt) {
          expect(i12Violations(pod, ctx, t)).toEqual([]);
          if (t < firstSyncAt) continue;
          // subPath: what the container sees equals the volume at its start, whatever happens later.
          const startedAt = firstSyncAt + Math.floor((t - firstSyncAt) / 2);
          const seen = containerMounts(pod, 'app', { ...ctx, now: t, containerStartedAt: startedAt });
          const cm = objectViewAt(ctx.history, { firstSyncAt, now: startedAt, delayMs }).configMap(
            'default',
            'b',
          );
          const mounted = seen.mounts.find((m) => m.mountPath === '/cfg');
          if (cm?.data.k1 !== undefined && mounted) {
            expect(new TextDecoder().decode(mounted.files.get('/cfg')?.bytes)).toBe(cm.data.k1);
          }
        }
      }),
      { seed, numRuns, verbose: 1 },
    );
  });
});

describe('I12 checker catches bad implementations', () => {
  it('mixedVersionViolations: files from two revisions of one object', () => {
    const f = (origin: string): FileProjection => ({ mode: 0o644, bytes: enc.encode('x'), origin });
    const files = new Map([
      ['k1', f('configmap/default/b@1')],
      ['k2', f('configmap/default/b@2')],
      ['t', f('secret/default/a@3')],
    ]);
    expect(mixedVersionViolations(files)).toEqual(['configmap/default/b mixes revisions 1, 2']);
  });

  it('i12Violations: a writer that updates one file at a time (not atomic) is caught', () => {
    const history = buildHistory([
      { dt: 0, kind: 'configmap', name: 'b', data: { k1: 'old1', k2: 'old2' } },
      { dt: 100_000, kind: 'configmap', name: 'b', data: { k1: 'new1', k2: 'new2' } },
    ]);
    const ctx = { history, firstSyncAt: 0, propagationDelayMs: 0 };
    // Copies only the first changed file of each update into the old state.
    const perFile: typeof volumeAt = (p, v, c, t) => {
      const good = volumeAt(p, v, c, t);
      const old = volumeAt(p, v, c, 0);
      if (!good.state || !old.state || v.name !== 'cm') return good;
      const files = new Map<string, FileProjection>(old.state.files);
      const first = [...good.state.files].find(([k, f]) => old.state?.files.get(k)?.origin !== f.origin);
      if (first) files.set(first[0], first[1]);
      const r = atomicUpdate(undefined, files, t);
      return ('error' in r ? good : { state: r.state }) satisfies VolumeAt;
    };
    expect(i12Violations(pod, ctx, 150_000)).toEqual([]);
    expect(i12Violations(pod, ctx, 150_000, perFile)).toEqual([
      'volume cm: configmap/default/b mixes revisions 1, 2',
      'volume cm: k1: content differs (configmap/default/b@1 vs configmap/default/b@2)',
    ]);
  });

  it('i12Violations: a writer that ignores updates (stale content) is caught', () => {
    const history = buildHistory([
      { dt: 0, kind: 'secret', name: 'a', data: { k1: 'one' } },
      { dt: 10_000, kind: 'secret', name: 'a', data: { k1: 'two' } },
    ]);
    const stale: typeof volumeAt = (p, v, c) => volumeAt(p, v, c, c.firstSyncAt);
    const v = i12Violations(pod, { history, firstSyncAt: 0, propagationDelayMs: 1000 }, 60_000, stale);
    expect(v).toContain('volume sec: k1: content differs (secret/default/a@1 vs secret/default/a@2)');
  });
});
