import { checkEventData, createEngine } from '@podstate/core';
import { ev, given, builtInManifests as m, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const relabel = (labels?: Record<string, string>, annotations?: Record<string, string>): Step => ({
  type: 'pod.metadata.updated',
  data: { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
});
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const up = [node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];

describe('pod.metadata.updated: labels and annotations change while the Pod exists (ValidateObjectMetaUpdate)', () => {
  it.each([
    ['scheduling.gated', [node, ev.podCreated(m.onFailureMesh)]],
    ['scheduling.queued', [node, ev.podCreated(m.plain)]],
    ['sandbox.creating', [node, ev.podCreated(m.plain), ev.scheduled()]],
    ['containers.running', up],
    ['terminating.stoppingContainers', [...up, ev.deletion(30)]],
    ['finished.failed', [...up, ev.evicted('Evicted', 'low on memory')]],
  ] as [string, Step[]][])('accepted in %s; the state is unchanged', (state, steps) => {
    given(...steps)
      .when(relabel({ app: 'web', track: 'canary' }))
      .thenAccepted((o) => {
        const t = o.result.ok ? o.result.transition : undefined;
        expect(t?.before?.value).toBe(state);
        expect(t?.after?.value).toBe(state);
        expect(t?.after?.ctx.pod.metadata.labels).toEqual({ app: 'web', track: 'canary' });
      });
  });

  it('refused once the Pod is removed', () => {
    given(node, ev.podCreated(m.plain), ev.deletion())
      .when(relabel({ a: 'b' }))
      .thenRejected('pod_removed');
  });

  it('a map given replaces the old one whole, a map left out stays; earlier values are kept as revisions', () => {
    given(...up, relabel(undefined, { owner: 'team-a' }))
      .when(relabel({ track: 'canary' }))
      .thenAccepted((o) => {
        const ctx = o.engine.pods.get('u1')!.ctx;
        expect(ctx.pod.metadata.labels).toEqual({ track: 'canary' });
        expect(ctx.pod.metadata.annotations).toEqual({ owner: 'team-a' });
        expect(ctx.metadataRevisions?.map((r) => [r.labels, r.annotations])).toEqual([
          [m.plain.metadata.labels, undefined],
          [m.plain.metadata.labels, { owner: 'team-a' }],
          [{ track: 'canary' }, { owner: 'team-a' }],
        ]);
      });
  });

  it('checkEventData: label keys and values as ValidateLabels, annotation keys as ValidateAnnotations, one map at least', () => {
    expect(checkEventData('pod.metadata.updated', {})).toEqual([
      { path: [], message: 'give labels or annotations (or both): the maps as they are after the update' },
    ]);
    expect(checkEventData('pod.metadata.updated', { labels: { 'Bad Key': 'x' } })[0]).toMatchObject({
      path: ['labels'],
      message: expect.stringMatching(/^Invalid value: "Bad Key": name part must consist of alphanumeric/),
    });
    expect(checkEventData('pod.metadata.updated', { labels: { app: 'no spaces' } })[0]?.message).toMatch(
      /^Invalid value: "no spaces": a valid label must be/,
    );
    expect(checkEventData('pod.metadata.updated', { annotations: { 'a/b/c': 'x' } })[0]?.path).toEqual([
      'annotations',
    ]);
    expect(checkEventData('pod.metadata.updated', { labels: { app: 1 } })[0]?.message).toMatch(/string/);
    expect(
      checkEventData('pod.metadata.updated', { labels: { app: 'web' }, annotations: { Owner: 'x' } }),
    ).toEqual([]);
  });

  it('the engine refuses invalid data through the same check', () => {
    const engine = createEngine();
    engine.apply({
      stream: 'pod/u1',
      type: 'pod.created',
      time: '2026-01-01T00:00:00Z',
      data: { manifest: m.plain },
    });
    const why = engine.check({
      stream: 'pod/u1',
      type: 'pod.metadata.updated',
      time: '2026-01-01T00:00:01Z',
      data: { labels: { 'Bad Key': 'x' } },
    });
    expect(why?.code).toBe('invalid_data');
  });
});
