// Admission benchmark (issue 16 item 4): the API server's steps (defaulting, ServiceAccount and
// DefaultTolerationSeconds admission) run per created Pod two ways — as plain recipes on one
// structuredClone, which is what the engine does (`normalizePod`, the replay path), and as immer
// recipes that also report each step's RFC 6902 patch (`admissionReview`, used only by
// `get pods NAME --show-admission`). Prints both per-Pod costs and their ratio. The replay path
// never calls admissionReview, so replay.bench's figures are the check that replay did not slow.
import { admissionReview, normalizePod, type Pod } from '@podstate/core';
import { report } from './report.js';

const PODS = Number(process.env.PODSTATE_BENCH_ADMISSION_PODS ?? 20_000);
const http = { httpGet: { path: '/healthz', port: 8080 } };
const templates = (i: number): Pod =>
  [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', readinessProbe: http, livenessProbe: http }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `api-${i}`, namespace: 'shop' },
      spec: {
        initContainers: [
          { name: 'migrate', image: 'busybox:1.36' },
          { name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always', startupProbe: http },
        ],
        containers: [{ name: 'api', image: 'registry.local/api:2.1', imagePullPolicy: 'Always' }],
        volumes: [{ name: 'config', configMap: { name: 'api-config' } }],
      },
    },
  ][i % 2] as Pod;

/** Best of `rounds` timings of `fn` over every manifest, in microseconds per Pod. */
function perPod(fn: (m: Pod, uid: string) => unknown, manifests: readonly Pod[], rounds = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    // Fresh uids each round: normalizePod caches by (manifest, uid), so every call does the work.
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < manifests.length; i++) fn(manifests[i]!, `u-${r}-${i}`);
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    best = Math.min(best, us / manifests.length);
  }
  return best;
}

const manifests = Array.from({ length: PODS }, (_, i) => templates(i));
// Warm up both paths (JIT) before measuring.
perPod(normalizePod, manifests.slice(0, 2000), 2);
perPod(admissionReview, manifests.slice(0, 2000), 2);
const plain = perPod(normalizePod, manifests);
const immer = perPod(admissionReview, manifests);
report({
  bench: 'admission',
  pods: PODS,
  plainRecipesUsPerPod: plain,
  immerRecipesUsPerPod: immer,
  ratio: immer / plain,
  onReplayPath: 'plain',
});
