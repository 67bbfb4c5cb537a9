import { type ClusterEnv, createEngine, type PodState } from '@podstate/core';
import { ev, lifecycleArbitrary, toEvents } from '@podstate/core/testing';
import { conditionCode, decodeConditions, TRACKED_CONDITIONS, toPodObject } from '@podstate/projections';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 100);

type CodeFn = (state: PodState, env: ClusterEnv, now: number) => number;

/** The tracked conditions' statuses as toPodObject builds them (the generators' answer). */
function fullStatuses(state: PodState, env: ClusterEnv, now: number) {
  const conditions = toPodObject(state, env, now).status?.conditions ?? [];
  const out: Record<string, string> = {};
  for (const type of TRACKED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (c) out[type] = c.status;
  }
  return out;
}

/** The first step of a lifecycle at which `code` disagrees with the full projection, if any. */
function firstDisagreement(
  events: Parameters<ReturnType<typeof createEngine>['apply']>[0][],
  profile: 'current' | 'legacy',
  code: CodeFn,
) {
  const engine = createEngine({ profile });
  for (const [i, e] of events.entries()) {
    const r = engine.apply(e);
    if (!r.ok) continue;
    for (const state of engine.pods.values()) {
      const cheap = decodeConditions(code(state, engine.env, r.transition.time));
      const full = fullStatuses(state, engine.env, r.transition.time);
      if (JSON.stringify(cheap) !== JSON.stringify(full)) {
        return `step ${i} (${e.type}) Pod ${state.ctx.name}: fold says ${JSON.stringify(cheap)}, generators say ${JSON.stringify(full)}`;
      }
    }
  }
  return undefined;
}

describe('conditionCode (the status fold) agrees with the condition generators', () => {
  it('generatePod*Condition: same statuses as toPodObject at every step of generated lifecycles', () => {
    fc.assert(
      fc.property(lifecycleArbitrary(), (l) => {
        const why = firstDisagreement(l.events, l.profile, conditionCode);
        if (why) throw new Error(why);
      }),
      { seed, numRuns },
    );
  });

  it('the check catches a fold that ignores readiness gates (GeneratePodReadyCondition)', () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'gated' },
      spec: {
        readinessGates: [{ conditionType: 'example.com/lb' }],
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      },
    };
    const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const events = [
      { stream: 'pod/u1', type: 'pod.created', time: T(0), data: { manifest } },
      { stream: 'pod/u1', type: 'pod.scheduled', time: T(1), data: { node: 'n1' } },
      { stream: 'pod/u1', type: 'pod.sandbox.ready', time: T(2), data: { podIP: '10.244.0.2' } },
      { stream: 'pod/u1', type: 'container.image.pulled', time: T(3), data: { container: 'app' } },
      { stream: 'pod/u1', type: 'container.started', time: T(4), data: { container: 'app' } },
    ];
    // A broken fold: Ready follows ContainersReady alone, forgetting the gate.
    const broken: CodeFn = (s, env, now) => {
      const c = conditionCode(s, env, now);
      const containersReady = (c >> 8) & 3;
      return (c & ~(3 << 6)) | (containersReady << 6);
    };
    expect(firstDisagreement(events, 'current', conditionCode)).toBeUndefined();
    expect(firstDisagreement(events, 'current', broken)).toMatch(/step 4 .*"Ready":"True".*"Ready":"False"/);
  });

  it('GeneratePodInitializedCondition: a Pod being deleted (its sidecar still stopping) whose init container exited 0 in an earlier sandbox stays Initialized, though its crash-loop back-off is in force (ShouldContainerBeRestarted is false once deletionTimestamp is set)', () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'resandboxed', namespace: 'default' },
      spec: {
        initContainers: [
          { name: 'proxy', image: 'nginx:1.25', restartPolicy: 'Always' },
          { name: 'setup', image: 'nginx:1.25' },
        ],
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      },
    };
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('proxy'),
      ev.started('setup'),
      ev.exited('setup', 1),
      ev.wait(10),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.sandboxDied(),
      ev.sandboxReady(),
      ev.started('proxy'),
      ev.deletion(30),
    ]);
    expect(firstDisagreement(events, 'current', conditionCode)).toBeUndefined();
    const engine = createEngine();
    for (const e of events) expect(engine.apply(e).ok).toBe(true);
    const state = engine.pods.get('u1')!;
    expect(state.ctx.terminalPhase).toBeUndefined();
    const last = Date.parse(events[events.length - 1]!.time);
    expect(decodeConditions(conditionCode(state, engine.env, last)).Initialized).toBe('True');
  });
});
