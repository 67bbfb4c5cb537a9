// Marble tests (rxjs TestScheduler) of the live interface: replayInto folds a log stream into the
// engine and the status fold; podStatus / podRow emit a Pod's object / `get pods` row only when it
// changes; podRowChanges is what `podstate watch` prints.
import { PodstateError, type RecordedEvent } from '@podstate/core';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { podRow, podStatus } from './podViews.js';
import { replayInto } from './replayInto.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
let seq = 0;
const ev = (stream: string, type: string, s: number, data: Record<string, unknown>): RecordedEvent =>
  ({ id: `e${++seq}`, seq, rev: seq, stream, type, time: at(s), data }) as RecordedEvent;
const web = (name: string, uid: string) => ({
  created: ev(`pod/${uid}`, 'pod.created', 0, {
    manifest: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
  }),
  scheduled: ev(`pod/${uid}`, 'pod.scheduled', 1, { node: 'node-1' }),
  sandbox: ev(`pod/${uid}`, 'pod.sandbox.ready', 2, { podIP: '10.244.0.7' }),
  pulled: ev(`pod/${uid}`, 'container.image.pulled', 3, { container: 'app' }),
  started: ev(`pod/${uid}`, 'container.started', 4, { container: 'app' }),
});
const a = web('web', 'u-1');
const b = web('db', 'u-2');

const row = (r: Partial<PodRow>): PodRow => ({
  name: 'web',
  ready: '0/1',
  status: 'Pending',
  restarts: '0',
  age: '0s',
  ip: '<none>',
  node: '<none>',
  nominatedNode: '<none>',
  readinessGates: '<none>',
  ...r,
});

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('replayInto and the per-Pod operators (marble tests)', () => {
  it('podStatus emits the Pod object on change (distinct until changed), undefined before the Pod exists', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('x-a-y-b|', { x: b.created, a: a.created, y: b.scheduled, b: a.scheduled });
      const phases = log.pipe(replayInto(), podStatus('web'));
      expectObservable(phases).toBe('u-a---b|', {
        u: undefined,
        a: expect.objectContaining({ status: expect.objectContaining({ phase: 'Pending' }) }),
        b: expect.objectContaining({ spec: expect.objectContaining({ nodeName: 'node-1' }) }),
      });
    });
  });

  it('replayInto errors with a coded PodstateError at an event the engine refuses', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-s|', { a: a.created, s: a.started });
      expectObservable(log.pipe(replayInto(), podRow('web'))).toBe(
        'a-#',
        { a: row({}) },
        expect.objectContaining({ code: 'damaged_log', name: 'RejectedEventError' }),
      );
    });
  });
});

it('RejectedEventError is a PodstateError', async () => {
  const { RejectedEventError } = await import('../fold/foldTransitions.js');
  expect(RejectedEventError.prototype).toBeInstanceOf(PodstateError);
});
