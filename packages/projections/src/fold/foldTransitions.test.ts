import { createEngine, createMemoryLog, type EventInput, profileOf } from '@podstate/core';
import { firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { printPod } from '../kube/printPod.js';
import { StatusProjection } from '../status/statusProjection.js';
import { TimelineProjection } from '../timeline/timelineProjection.js';
import { foldEvent, foldTransitions, RejectedEventError } from './foldTransitions.js';

const T0 = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
};
const ev = (s: number, type: string, data: Record<string, unknown> = {}): EventInput => ({
  stream: 'pod/u1',
  type,
  time: at(s),
  data,
});
const events: EventInput[] = [
  ev(0, 'pod.created', { manifest }),
  ev(0, 'pod.scheduled', { node: 'node-1' }),
  ev(1, 'pod.sandbox.ready', { podIP: '10.244.0.5' }),
  ev(1, 'container.image.pulled', { container: 'app' }),
  ev(2, 'container.started', { container: 'app' }),
];
// A container cannot start twice without exiting: the engine refuses this one.
const refused = ev(3, 'container.started', { container: 'app' });

describe('foldEvent / foldTransitions: the one fold of projections over transitions', () => {
  it('foldEvent folds every accepted transition into each projection; the row is Running 1/1', () => {
    const engine = createEngine();
    const status = new StatusProjection();
    const timeline = new TimelineProjection();
    for (const e of events) expect(foldEvent(engine, e, [status, timeline]).ok).toBe(true);
    const pod = status.get(engine, 'u1', T0 + 2000)!;
    expect(printPod(pod, T0 + 2000)).toMatchObject({ ready: '1/1', status: 'Running' });
    expect(timeline.events('u1').map((e) => e.reason)).toEqual([
      'Scheduled',
      'Pulling',
      'Pulled',
      'Created',
      'Started',
    ]);
  });

  it('foldEvent: a refused event reaches no projection and is returned as a rejection', () => {
    const engine = createEngine();
    const seen: string[] = [];
    const spy = { apply: (_: unknown, t: { event: EventInput }) => seen.push(t.event.type) };
    for (const e of events) foldEvent(engine, e, [spy]);
    const r = foldEvent(engine, refused, [spy]);
    expect(r.ok).toBe(false);
    expect(seen).toEqual(events.map((e) => e.type));
  });

  it('the operator folds exactly what foldEvent folds (same Pod object), emitting each accepted transition', async () => {
    const plain = createEngine();
    const plainStatus = new StatusProjection();
    for (const e of events) foldEvent(plain, e, [plainStatus]);
    const status = new StatusProjection();
    const out = await lastValueFrom(
      from(events).pipe(
        foldTransitions(() => createEngine(), [status]),
        toArray(),
      ),
    );
    expect(out.map((f) => f.event)).toEqual(events);
    expect(out.every((f) => f.transition.event === f.event)).toBe(true);
    const engine = out[0]!.engine;
    expect(status.get(engine, 'u1', T0 + 2000)).toEqual(plainStatus.get(plain, 'u1', T0 + 2000));
  });

  it('the operator errors with RejectedEventError on a refused event, or skips it with onRejected: skip', async () => {
    const err = await firstValueFrom(
      from([...events, refused]).pipe(foldTransitions(createEngine(), [new StatusProjection()]), toArray()),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectedEventError);
    expect((err as RejectedEventError).event).toBe(refused);
    const skipped = await lastValueFrom(
      from([...events, refused]).pipe(
        foldTransitions(createEngine(), [new StatusProjection()], { onRejected: 'skip' }),
        toArray(),
      ),
    );
    expect(skipped.map((f) => f.event)).toEqual(events);
  });

  it('an engine factory and fold factory give every subscription its own engine and projections', async () => {
    const folded = from(events).pipe(
      foldTransitions(
        () => createEngine(),
        () => [new StatusProjection()],
      ),
      toArray(),
    );
    const [a, b] = await Promise.all([lastValueFrom(folded), lastValueFrom(folded)]);
    expect(a).toHaveLength(events.length);
    expect(b).toHaveLength(events.length);
    expect(a[0]!.engine).not.toBe(b[0]!.engine);
  });

  it('folds a log read$ (as docs/projections.md shows), with the engine made from the first recorded event', async () => {
    const log = createMemoryLog();
    await log.append(
      'pod/u1',
      events.map(({ type, time, data }) => ({ type, time, data })),
    );
    const status = new StatusProjection();
    const out = await lastValueFrom(
      log.read$().pipe(
        foldTransitions((e) => createEngine({ profile: profileOf(e) }), [status]),
        toArray(),
      ),
    );
    expect(out.map((f) => f.event.seq)).toEqual([1, 2, 3, 4, 5]);
    const last = out[out.length - 1]!;
    expect(
      printPod(status.get(last.engine, 'u1', last.transition.time)!, last.transition.time),
    ).toMatchObject({
      status: 'Running',
    });
  });
});
