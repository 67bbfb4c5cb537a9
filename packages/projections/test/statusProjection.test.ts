/**
 * StatusProjection, the fold behind `get pods -o json`'s conditions: what it keeps of each Pod
 * (each condition's lastTransitionTime, status_manager.go updateLastTransitionTime), when it
 * follows a node's loss and recovery, a Pod that finished or was removed, and its checkpoint
 * (snapshot).
 */
import { createEngine, type EventInput } from '@podstate/core';
import { ev, type Step, toEvents } from '@podstate/core/testing';
import { foldEvent, StatusProjection, toPodObject } from '@podstate/projections';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';

const web = podManifest('web', {
  restartPolicy: 'Never',
  containers: [{ name: 'app', image: 'nginx:1.25' }],
});
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
/** Steps at 0 s, 1 s, 2 s, … (toEvents): created at 1 s, scheduled 2 s, sandbox 3 s, started 4 s. */
const running: Step[] = [node, ev.podCreated(web), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
const at = (seconds: number) =>
  new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString().replace('.000', '');
const ms = (seconds: number) => Date.UTC(2026, 0, 1, 0, 0, seconds);

/** Folds `events` into a fresh engine and projection (every event must be accepted). */
function fold(events: EventInput[]) {
  const engine = createEngine();
  const projection = new StatusProjection();
  for (const e of events) {
    const r = foldEvent(engine, e, [projection]);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return { engine, projection };
}

describe('StatusProjection: lastTransitionTime as status_manager.go updateLastTransitionTime keeps it', () => {
  it('node lifecycle controller MarkPodsNotReady: Ready=False while the node is lost, True again from the moment it recovered (read long after)', () => {
    const d = drive([...running, ev.wait(10), ev.nodeLost(), ev.nodeRecovered(), ev.wait(30)]);
    const ready = d.pod(d.last + 100_000).status.conditions?.find((c) => c.type === 'Ready');
    // started at 4 s; lost at 15 s; recovered at 16 s.
    expect(ready).toMatchObject({ status: 'True', lastTransitionTime: at(16) });
  });

  it('a Pod that finished keeps the lastTransitionTime of the conditions its finish did not change (PodScheduled, Initialized); the others change at the finish, not at a later node loss', () => {
    // Finished at 5 s; its node lost at 16 s (the fold stops following a finished Pod).
    const d = drive([...running, ev.exited('app', 0), ev.wait(10), ev.nodeLost()]);
    const conditions = d
      .pod(d.last + 60_000)
      .status.conditions?.map((c) => [c.type, c.status, c.lastTransitionTime]);
    expect(d.pod().status.phase).toBe('Succeeded');
    expect(conditions).toEqual([
      ['PodReadyToStartContainers', 'False', at(5)],
      ['Initialized', 'True', at(2)],
      ['Ready', 'False', at(5)],
      ['ContainersReady', 'False', at(5)],
      ['PodScheduled', 'True', at(2)],
    ]);
  });
});

describe("StatusProjection's record of each Pod (its checkpoint, snapshot)", () => {
  it('a finished Pod is recorded final, with since when each condition (PodScheduled, PodReadyToStartContainers, Initialized, Ready, ContainersReady) has had its status', () => {
    const { projection } = fold(toEvents([...running, ev.exited('app', 0)]));
    const [entry, ...more] = projection.snapshot();
    expect(more).toEqual([]);
    expect(entry![0]).toBe('u1');
    expect(entry!.slice(2)).toEqual([true, [ms(2), ms(5), ms(2), ms(5), ms(5)]]);
  });

  it('a removed Pod is dropped: get answers undefined and the checkpoint no longer holds it', () => {
    const other = { ...podManifest('db', { containers: [{ name: 'app', image: 'nginx:1.25' }] }) };
    const { engine, projection } = fold(
      toEvents([
        ...running,
        ev.podCreated(other, 'u2'),
        { ...ev.deletion(), stream: 'pod/u1' },
        { ...ev.exited('app', 0), stream: 'pod/u1' },
        { ...ev.removed(), stream: 'pod/u1' },
      ]),
    );
    expect(engine.pods.has('u1')).toBe(false);
    expect(projection.get(engine, 'u1', ms(20))).toBeUndefined();
    expect(projection.snapshot().map(([uid]) => uid)).toEqual(['u2']);
  });

  it('a fold that saw none of a Pod’s events (made after the engine was loaded) projects it as toPodObject does without history', () => {
    const { engine } = fold(toEvents(running));
    const now = ms(30);
    const fresh = new StatusProjection().get(engine, 'u1', now);
    expect(fresh).toEqual(toPodObject(engine.pods.get('u1')!, engine.env, now));
    expect(fresh?.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(at(30));
  });
});
