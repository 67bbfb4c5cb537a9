import { fnv1a } from '@podstate/core/views';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRFC3339 } from '../src/kube/time.js';
import { containerIDOf, imageIDOf } from '../src/status/containerStatuses.js';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 100) * 20;

// The definitions the fast forms replace, kept here as the reference they must equal.
const hexByDefinition = (s: string, n: number) => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += fnv1a(`${s}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, n);
};
const idByDefinition = (uid: string, name: string, run: number) =>
  `containerd://${hexByDefinition(`${uid}/${name}/${run}`, 64)}`;
const rfc3339ByDate = (ms: number) => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;

const EDGES = [0, -1, 999, 1000, 951_782_400_000, 951_868_799_999, Date.UTC(2024, 1, 29, 23, 59, 59, 999)];
EDGES.push(-62_162_035_200_000, -62_162_035_200_001, 253_402_300_799_999, 253_402_300_800_000);

/** Whether `format` equals the Date reference on the edges and on generated instants (fixed seed). */
function formatsLikeDate(format: (ms: number) => string): boolean {
  if (EDGES.some((ms) => format(ms) !== rfc3339ByDate(ms))) return false;
  const r = fc.check(
    fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => format(ms) === rfc3339ByDate(ms)),
    { seed, numRuns },
  );
  return !r.failed;
}

/** Whether `id` equals the fnv1a definition of container ids on generated inputs (fixed seed). */
function idsLikeDefinition(id: (uid: string, name: string, run: number) => string): boolean {
  const r = fc.check(
    fc.property(fc.string(), fc.string({ unit: 'binary' }), fc.nat(100_000), (uid, name, run) => {
      return id(uid, name, run) === idByDefinition(uid, name, run);
    }),
    { seed, numRuns },
  );
  return !r.failed;
}

describe('status ids and times: the fast forms equal their definitions', () => {
  it(`containerIDOf is containerd:// + fnv1a("<uid>/<name>/<run>#i") in hex, i = 0..7 (seed ${seed})`, () => {
    expect(idsLikeDefinition(containerIDOf)).toBe(true);
    // The check catches an id hashed without the '#' separator.
    const noHash = (uid: string, name: string, run: number) =>
      `containerd://${Array.from({ length: 8 }, (_, i) =>
        fnv1a(`${uid}/${name}/${run}${i}`).toString(16).padStart(8, '0'),
      ).join('')}`;
    expect(idsLikeDefinition(noHash)).toBe(false);
  });

  it('imageIDOf names the repository (docker.io/library for official images) and a 64-digit digest, the same every time', () => {
    expect(imageIDOf('nginx:1.25')).toBe(
      `docker.io/library/nginx@sha256:${hexByDefinition('nginx:1.25', 64)}`,
    );
    expect(imageIDOf('registry.local/api:2.1')).toBe(
      `registry.local/api@sha256:${hexByDefinition('registry.local/api:2.1', 64)}`,
    );
    expect(imageIDOf('envoy:1.30')).toBe(imageIDOf('envoy:1.30'));
  });

  it('imageIDOf: a registry is the first component with a dot, a port or localhost (splitDockerDomain)', () => {
    const repo = (image: string) => imageIDOf(image).split('@')[0];
    expect(repo('localhost:5000/app:1')).toBe('localhost:5000/app');
    expect(repo('localhost/app')).toBe('localhost/app');
    expect(repo('docker.io/nginx:1.25')).toBe('docker.io/library/nginx');
    expect(repo(`ghcr.io/org/tool@sha256:${'0'.repeat(64)}`)).toBe('ghcr.io/org/tool');
  });

  it(`formatRFC3339 (metav1.Time: UTC, whole seconds) equals Date's ISO string cut to seconds, in and beyond years 0000–9999 (seed ${seed})`, () => {
    expect(formatsLikeDate(formatRFC3339)).toBe(true);
    // The check catches a formatter that rounds instead of truncating, and one a day off.
    expect(formatsLikeDate((ms) => formatRFC3339(Math.round(ms / 1000) * 1000))).toBe(false);
    expect(formatsLikeDate((ms) => formatRFC3339(ms + 86_400_000))).toBe(false);
  });
});
