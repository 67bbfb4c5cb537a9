// `@podstate/core/machines` is the entry a browser tool bundles: esbuild bundles it for
// `platform: 'browser'` (which refuses node built-ins), and the bundle runs in a bare V8 context
// with no `process`, `require`, `Buffer` or other Node globals — replaying a Pod through the engine, through a
// bare XState actor of the Pod machine, and through a bare actor of the cluster machine fed the log's events.
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = `
import { createActor } from 'xstate';
import {
  clusterMachine,
  createClusterEnv,
  createEngine,
  createPodCtx,
  normalizePod,
  podMachine,
  stateKey,
  toMermaid,
} from '@podstate/core/machines';

const at = (s) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const manifest = { metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };
const events = [
  { stream: 'node/node-1', type: 'node.registered', time: at(0), data: { node: 'node-1', images: ['nginx:1.25'] } },
  { stream: 'pod/u-1', type: 'pod.created', time: at(0), data: { manifest } },
  { stream: 'pod/u-1', type: 'pod.scheduled', time: at(1), data: { node: 'node-1' } },
  { stream: 'pod/u-1', type: 'pod.sandbox.ready', time: at(2), data: { podIP: '10.244.0.7' } },
];
const engine = createEngine();
const refused = events.map((e) => engine.apply(e)).filter((r) => !r.ok);
const pod = createPodCtx(normalizePod(manifest, 'u-1'), 'u-1', Date.parse(at(0)));
const actor = createActor(podMachine, { input: { pod, env: createClusterEnv() } }).start();
for (const e of events.slice(2)) actor.send({ type: e.type, time: Date.parse(e.time), data: e.data });
const cluster = createActor(clusterMachine).start();
for (const e of [...events, { ...events[3], time: at(3) }]) cluster.send(e);
globalThis.result = {
  refused: refused.length,
  engine: engine.pods.get('u-1').value,
  actor: stateKey(actor.getSnapshot().value),
  cluster: cluster.getSnapshot().context.pods.get('u-1').value,
  clusterRefusal: cluster.getSnapshot().context.rejection?.code,
  chart: toMermaid(podMachine).split('\\n')[0],
};
`;

describe('@podstate/core/machines in a browser bundle', () => {
  it('bundles for platform browser with nothing from node:* and runs without Node globals', async () => {
    const out = await build({
      stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // The built package, resolved through its `exports` as a browser bundler does.
      conditions: ['browser', 'import', 'default'],
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || /(^|\/)node_modules\/@types\//.test(i))).toEqual([]);
    expect(inputs.some((i) => i.includes('packages/core/dist/machines.js'))).toBe(true);
    const code = out.outputFiles[0]!.text;
    // Only Web APIs every browser has beside the language.
    const sandbox: Record<string, unknown> = { console, structuredClone, TextEncoder, TextDecoder };
    runInNewContext(code, sandbox, { timeout: 10_000 });
    expect(sandbox.result).toEqual({
      refused: 0,
      engine: 'containers.startingApps',
      actor: 'containers.startingApps',
      cluster: 'containers.startingApps',
      // A second pod.sandbox.ready: refused, as the engine refuses it.
      clusterRefusal: 'sandbox_exists',
      chart: 'stateDiagram-v2',
    });
  });

  it('the bundler refuses a Node built-in for the browser (so the check above can fail)', async () => {
    await expect(
      build({
        stdin: { contents: `import { readFileSync } from 'node:fs'; readFileSync('x');`, loader: 'js' },
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:fs/);
  });
});
