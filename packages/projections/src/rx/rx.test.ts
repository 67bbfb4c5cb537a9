// Marble tests (rxjs TestScheduler, virtual time) of the live interface, one `describe` per
// operator: foldTransitions folds a log stream into an engine; replayInto adds the status fold;
// podStatus / podRow emit a Pod's object / `get pods` row only when it changes; podRowChanges is
// what `podstate watch` prints; podPatches is `watch -o json-patch`. Each is shown emitting,
// completing with its source, erroring (a refused event, a failing source), and resuming from a
// restored engine where it takes one. The log streams they read (`read$`, `live$`) are checked by
// the log contract (`@podstate/core/log-contract`) and by followLog.test.ts below.
import { createEngine, PodstateError, type RecordedEvent, restoreEngine } from '@podstate/core';
import { EMPTY, map, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { foldTransitions, RejectedEventError, type TransitionFold } from '../fold/foldTransitions.js';
import type { PodRow } from '../kube/printPod.js';
import { podPatches } from './podPatches.js';
import { podRow, podRowChanges, podStatus } from './podViews.js';
import { replayInto } from './replayInto.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
let seq = 0;
const ev = (stream: string, type: string, s: number, data: Record<string, unknown> = {}): RecordedEvent =>
  ({ id: `e${++seq}`, seq, rev: seq, stream, type, time: at(s), data }) as RecordedEvent;
const web = (name: string, uid: string, namespace?: string) => ({
  created: ev(`pod/${uid}`, 'pod.created', 0, {
    manifest: {
      metadata: { name, ...(namespace ? { namespace } : {}) },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
    },
  }),
  scheduled: ev(`pod/${uid}`, 'pod.scheduled', 1, { node: 'node-1' }),
  sandbox: ev(`pod/${uid}`, 'pod.sandbox.ready', 2, { podIP: '10.244.0.7' }),
  pulled: ev(`pod/${uid}`, 'container.image.pulled', 3, { container: 'app' }),
  started: ev(`pod/${uid}`, 'container.started', 4, { container: 'app' }),
  exited: ev(`pod/${uid}`, 'container.exited', 9, { container: 'app', exitCode: 1 }),
  deleted: ev(`pod/${uid}`, 'pod.deletion.requested', 1, {}),
});
const a = web('web', 'u-1');
const b = web('db', 'u-2');
const other = web('web', 'u-3', 'prod');
const tick = (s: number) => ev('cluster', 'clock.advanced', s);
/** A second Pod created after `a` was scheduled (times never go backwards in a log). */
const late = ev('pod/u-4', 'pod.created', 1, {
  manifest: { metadata: { name: 'db' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
});

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
const failure = new Error('disk read failed');

describe('foldTransitions', () => {
  it('emits each accepted event with its transition, and completes with its source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-s-p|', { a: a.created, s: a.scheduled, p: a.sandbox });
      const types = log.pipe(foldTransitions(createEngine(), []));
      expectObservable(types).toBe('a-s-p|', {
        a: expect.objectContaining({ event: a.created, transition: expect.objectContaining({ uid: 'u-1' }) }),
        s: expect.objectContaining({ event: a.scheduled }),
        p: expect.objectContaining({ event: a.sandbox }),
      });
    });
  });

  it('errors with RejectedEventError at a refused event, or leaves it out with onRejected: skip', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-x-s|', { a: a.created, x: a.started, s: a.scheduled });
      const err = expect.objectContaining({ code: 'damaged_log', event: a.started });
      expectObservable(log.pipe(foldTransitions(createEngine(), []))).toBe(
        'a-#',
        { a: expect.anything() },
        err,
      );
      const skipping = log.pipe(foldTransitions(createEngine(), [], { onRejected: 'skip' }));
      expectObservable(skipping).toBe('a---s|', {
        a: expect.objectContaining({ event: a.created }),
        s: expect.objectContaining({ event: a.scheduled }),
      });
    });
  });

  it('a fold that throws ends the stream with its error; a source error passes through', () => {
    const boom = new Error('fold failed');
    const throwing: TransitionFold = {
      apply(_e, t) {
        if (t.event.type === 'pod.scheduled') throw boom;
      },
    };
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-s-p|', { a: a.created, s: a.scheduled, p: a.sandbox });
      expectObservable(log.pipe(foldTransitions(createEngine(), [throwing]))).toBe(
        'a-#',
        { a: expect.anything() },
        boom,
      );
      const broken = cold('a-#', { a: a.created }, failure);
      expectObservable(broken.pipe(foldTransitions(createEngine(), []))).toBe(
        'a-#',
        { a: expect.anything() },
        failure,
      );
    });
  });

  it('folds every fold once per accepted event, in order, and none for a refused one', () => {
    const seen: string[] = [];
    const folds = [1, 2].map((n) => ({
      apply: (_e: unknown, t: { event: { type: string } }) => seen.push(`${n}:${t.event.type}`),
    }));
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-x-s|', { a: a.created, x: a.started, s: a.scheduled });
      expectObservable(log.pipe(foldTransitions(createEngine(), folds, { onRejected: 'skip' }))).toBe(
        'a---s|',
        {
          a: expect.anything(),
          s: expect.anything(),
        },
      );
    });
    expect(seen).toEqual(['1:pod.created', '2:pod.created', '1:pod.scheduled', '2:pod.scheduled']);
  });
});

describe('replayInto', () => {
  it('each subscription replays into a fresh engine: a second subscriber sees the same Pod', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-s|', { a: a.created, s: a.scheduled });
      const phases = log.pipe(replayInto(), podRow('web'));
      const expected = { a: row({}), s: row({ status: 'ContainerCreating', node: 'node-1', age: '1s' }) };
      expectObservable(phases).toBe('a-s|', expected);
      expectObservable(phases).toBe('a-s|', expected);
    });
  });

  it('resumes from a restored engine: the rest of the log continues where the snapshot stopped', () => {
    const first = createEngine();
    for (const e of [a.created, a.scheduled, a.sandbox]) first.apply(e);
    const engine = restoreEngine(JSON.parse(JSON.stringify(first.snapshot())));
    scheduler().run(({ cold, expectObservable }) => {
      const rest = cold('p-s|', { p: a.pulled, s: a.started });
      expectObservable(rest.pipe(replayInto({ engine }), podRow('web'))).toBe('p-s|', {
        p: row({ status: 'ContainerCreating', ip: '10.244.0.7', node: 'node-1', age: '3s' }),
        s: row({ status: 'Running', ready: '1/1', ip: '10.244.0.7', node: 'node-1', age: '4s' }),
      });
    });
    // A fresh engine refuses the same tail: it never saw the Pod.
    scheduler().run(({ cold, expectObservable }) => {
      const rest = cold('p|', { p: a.pulled });
      expectObservable(rest.pipe(replayInto())).toBe(
        '#',
        undefined,
        expect.objectContaining({ name: 'RejectedEventError' }),
      );
    });
  });

  it('keeps extra folds in step, one set per subscription', () => {
    const made: string[][] = [];
    const folds = () => {
      const seen: string[] = [];
      made.push(seen);
      return [{ apply: (_e: unknown, t: { event: { type: string } }) => void seen.push(t.event.type) }];
    };
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-s|', { a: a.created, s: a.scheduled });
      expectObservable(log.pipe(replayInto({ folds }))).toBe('a-s|', {
        a: expect.anything(),
        s: expect.anything(),
      });
    });
    expect(made).toEqual([['pod.created', 'pod.scheduled']]);
  });

  it('an empty log completes at once; a source error passes through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(EMPTY.pipe(replayInto())).toBe('|');
      expectObservable(throwError(() => failure).pipe(replayInto())).toBe('#', undefined, failure);
      expectObservable(cold('a-#', { a: a.created }, failure).pipe(replayInto(), podRow('web'))).toBe(
        'a-#',
        { a: row({}) },
        failure,
      );
    });
  });
});

describe('podStatus', () => {
  it('emits the Pod object on change (distinct until changed), undefined before the Pod exists', () => {
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

  it('emits undefined once the Pod is removed, and reads only its namespace', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('o-a-d|', { o: other.created, a: a.created, d: a.deleted });
      expectObservable(log.pipe(replayInto(), podStatus('web', 'prod'))).toBe('o----|', {
        o: expect.objectContaining({ metadata: expect.objectContaining({ namespace: 'prod' }) }),
      });
      expectObservable(log.pipe(replayInto(), podStatus('web'))).toBe('u-a-u|', {
        u: undefined,
        a: expect.objectContaining({ metadata: expect.objectContaining({ uid: 'u-1' }) }),
      });
    });
  });
});

describe('podRow', () => {
  it('emits the row only when a column other than AGE changed (time passing alone emits nothing)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-t-s-t|', { a: a.created, t: tick(1), s: a.scheduled });
      expectObservable(log.pipe(replayInto(), podRow('web'))).toBe('a---s--|', {
        a: row({}),
        s: row({ status: 'ContainerCreating', node: 'node-1', age: '1s' }),
      });
    });
  });

  it('errors with a coded PodstateError at an event the engine refuses', () => {
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

describe('podRowChanges', () => {
  it('after each event, the rows that changed; a removed Pod’s last row once more; other namespaces left out', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-b-o-t-d|', {
        a: a.created,
        b: b.created,
        o: other.created,
        t: tick(1),
        d: a.deleted,
      });
      const changed = log.pipe(
        replayInto(),
        podRowChanges('default'),
        // What `podstate watch` prints for each event, and the listing it starts from.
        map(
          (c) =>
            `${c.changed.map((r) => `${r.row.name}:${r.row.status}`).join(',')}|${c
              .listing()
              .map((r) => r.row.name)
              .join(',')}`,
        ),
      );
      expectObservable(changed).toBe('a-b-o-t-d|', {
        a: 'web:Pending|web',
        b: 'db:Pending|db,web',
        o: '|db,web',
        t: '|db,web',
        d: 'web:Pending|db',
      });
    });
  });

  it('follows the Pods a predicate accepts (what `watch -A -l app=web` passes), each row with its namespace and labels, the listing sorted by namespace then name', () => {
    const labelled = ev('pod/u-5', 'pod.created', 0, {
      manifest: {
        metadata: { name: 'api', namespace: 'prod', labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
      },
    });
    const webLabelled = ev('pod/u-6', 'pod.created', 0, {
      manifest: {
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
      },
    });
    const appWeb = (p: { ctx: { pod: { metadata: { labels?: unknown } } } }) =>
      (p.ctx.pod.metadata.labels as Record<string, string> | undefined)?.app === 'web';
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('x-l-w-o|', { x: b.created, l: labelled, w: webLabelled, o: other.created });
      const shown = log.pipe(
        replayInto(),
        podRowChanges(appWeb),
        map(
          (c) =>
            `${c.changed.map((r) => `${r.namespace}/${r.row.name}:${JSON.stringify(r.labels)}`).join(',')}|${c
              .listing()
              .map((r) => `${r.namespace}/${r.row.name}`)
              .join(',')}`,
        ),
      );
      expectObservable(shown).toBe('x-l-w-o|', {
        x: '|',
        l: 'prod/api:{"app":"web"}|prod/api',
        w: 'default/web:{"app":"web"}|default/web,prod/api',
        o: '|default/web,prod/api',
      });
    });
  });

  it('completes and errors with its source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: a.created }).pipe(replayInto(), podRowChanges())).toBe('a|', {
        a: expect.objectContaining({ changed: [{ row: row({}), namespace: 'default' }] }),
      });
      expectObservable(cold('#', undefined, failure).pipe(replayInto(), podRowChanges())).toBe(
        '#',
        undefined,
        failure,
      );
    });
  });
});

describe('podPatches', () => {
  it('ADDED with the whole object, MODIFIED with the RFC 6902 operations, nothing when nothing changed, DELETED', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-t-s-d|', { a: a.created, t: tick(0), s: a.scheduled, d: late });
      const del = cold('a-d|', { a: a.created, d: a.deleted });
      expectObservable(log.pipe(replayInto(), podPatches())).toBe('a---s-x|', {
        a: expect.objectContaining({
          type: 'ADDED',
          name: 'web',
          patch: [expect.objectContaining({ op: 'add', path: '' })],
        }),
        s: expect.objectContaining({
          type: 'MODIFIED',
          name: 'web',
          patch: expect.arrayContaining([{ op: 'add', path: '/spec/nodeName', value: 'node-1' }]),
        }),
        x: expect.objectContaining({ type: 'ADDED', name: 'db' }),
      });
      expectObservable(del.pipe(replayInto(), podPatches())).toBe('a-d|', {
        a: expect.objectContaining({ type: 'ADDED' }),
        d: expect.objectContaining({ type: 'DELETED', name: 'web', patch: [], object: undefined }),
      });
    });
  });

  it('unchanged subtrees keep their identity (structural sharing) and the patch rebuilds the new object', () => {
    const out: { object: unknown; patch: { op: string; path: string; value?: unknown }[] }[] = [];
    scheduler().run(({ cold, flush }) => {
      cold('a-s|', { a: a.created, s: a.scheduled })
        .pipe(replayInto(), podPatches())
        .subscribe((p) => out.push(p));
      flush();
    });
    const [added, modified] = out as { object: { metadata: unknown; spec: { containers: unknown } } }[];
    expect(modified!.object.metadata).toBe(added!.object.metadata);
    expect(modified!.object.spec.containers).toBe(added!.object.spec.containers);
    expect(modified!.object).not.toBe(added!.object);
  });

  it('watches one namespace (or a predicate), and errors with its source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const log = cold('a-o|', { a: a.created, o: other.created });
      expectObservable(log.pipe(replayInto(), podPatches('prod'))).toBe('--o|', {
        o: expect.objectContaining({ type: 'ADDED', namespace: 'prod' }),
      });
      expectObservable(
        log.pipe(
          replayInto(),
          podPatches((p) => p.ctx.uid === 'u-1'),
        ),
      ).toBe('a--|', {
        a: expect.objectContaining({ uid: 'u-1' }),
      });
      expectObservable(cold('a-#', { a: a.created }, failure).pipe(replayInto(), podPatches())).toBe(
        'a-#',
        { a: expect.objectContaining({ type: 'ADDED' }) },
        failure,
      );
    });
  });
});

it('RejectedEventError is a PodstateError', () => {
  expect(RejectedEventError.prototype).toBeInstanceOf(PodstateError);
});
