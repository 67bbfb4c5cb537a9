import { createEngine } from '@podstate/core';
import { describeFact, Packer, ReportBuilder, renderHtml, stateName, unpack } from '@podstate/report';
import { describe, expect, it } from 'vitest';
import { crashLoopEvents } from '../bench/crashLoopEvents.js';

function build(events: ReturnType<typeof crashLoopEvents>) {
  const engine = createEngine();
  const builder = new ReportBuilder();
  events.forEach((e, i) => {
    const r = engine.apply({ ...e, seq: i + 1 });
    if (!r.ok) throw new Error(r.rejection.message);
    builder.observe(engine, r.transition);
  });
  return builder.finish(engine.env.time);
}

describe('ReportBuilder', () => {
  it('draws a crash-looping container: a segment per state with the facts behind it, a mark per restart and probe', () => {
    const data = build(crashLoopEvents(3));
    expect(data.pods).toHaveLength(1);
    const lane = data.pods[0]!.lanes[0]!;
    expect(lane.container).toBe('app');
    expect(lane.marks.filter((m) => m.kind === 'restart').map((m) => m.label)).toEqual([
      'restart 1',
      'restart 2',
      'restart 3',
    ]);
    expect(lane.marks.filter((m) => m.kind === 'probe-succeeded')).toHaveLength(4);
    const labels = lane.segments.map((s) => s.label);
    expect(labels).toContain('Waiting: CrashLoopBackOff');
    expect(labels).toContain('Running, ready');
    const crash = lane.segments.find((s) => s.label === 'Waiting: CrashLoopBackOff')!;
    expect(data.pods[0]!.facts[crash.facts[0]!]).toMatch(
      /^seq \d+ · 2026-01-01T\d\d:\d\d:\d\dZ · container\.exited container=app exitCode=1$/,
    );
    expect(lane.segments.at(-1)!.open).toBe(true);
    expect(data.pods[0]!.phase.segments.map((s) => s.label)).toEqual(['Pending', 'Running']);
    const ready = data.pods[0]!.conditions.find((c) => c.name === 'Ready')!;
    expect(ready.segments.map((s) => s.kind)).toContain('False');
    const chart = data.pods[0]!.containerCharts[0]!;
    const visits = (state: string) => chart.states.find((s) => s.state === state)!.visits;
    // Three exits: the first restarts at once, the next two wait out the crash-loop back-off.
    expect([visits('terminated.exited'), visits('terminated.crashLoopBackOff')]).toEqual([1, 2]);
    expect(data.pods[0]!.snapshots.at(-1)!.row.restarts).toMatch(/^3 /);
  });

  it('names chart states as dotted leaf paths, parallel regions joined', () => {
    expect(stateName('active')).toBe('active');
    expect(stateName({ running: 'up' })).toBe('running.up');
    expect(stateName({ a: { b: 'c' }, d: 'e' })).toBe('a.b.c | d.e');
  });
});

describe('renderHtml', () => {
  it('never carries a Secret’s value (base64 or decoded) into the report', () => {
    const events = crashLoopEvents(2, Buffer.from('s3cr3t-value').toString('base64'));
    const html = renderHtml(build(events));
    expect(html).toContain('secretKeyRef');
    expect(html).not.toContain('s3cr3t-value');
    expect(html).not.toContain(Buffer.from('s3cr3t-value').toString('base64'));
  });

  it('describes a Secret fact by its stream only', () => {
    const e = crashLoopEvents(0, 'czNjcjN0')[0]!;
    const line = describeFact({ event: { ...e, seq: 1 }, time: Date.parse(e.time) });
    expect(line).toBe('seq 1 · 2026-01-01T00:00:00Z · secret.applied secret/default/db');
    const pod = crashLoopEvents(0)[2]!;
    expect(describeFact({ event: pod, time: Date.parse(pod.time) })).toBe(
      '2026-01-01T00:00:00Z · pod.scheduled node=node-1',
    );
  });

  it('is self-contained: no URL to fetch, and a CSP that forbids any', () => {
    const html = renderHtml(build(crashLoopEvents(1)));
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain("default-src 'none'");
  });

  it('renders a Pod with 1,000 restarts: every restart marked, the path of states shortened', () => {
    const data = build(crashLoopEvents(1000));
    expect(data.pods[0]!.lanes[0]!.marks.filter((m) => m.kind === 'restart')).toHaveLength(1000);
    const html = renderHtml(data);
    expect(html.match(/class="mark mark-restart"/g)).toHaveLength(1000);
    expect(html).toContain('… ');
  });
});

describe('Packer', () => {
  it('shares repeated parts and unpacks each value as it was', () => {
    const p = new Packer();
    const a = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      n: 1,
      ok: true,
      none: null,
    };
    const b = { ...a, phase: 'Failed' };
    const ra = p.add(a);
    const rb = p.add(b);
    expect(unpack(p.nodes, p.shapes, ra)).toEqual(a);
    expect(unpack(p.nodes, p.shapes, rb)).toEqual(b);
    const before = p.nodes.length;
    p.add({ ...a });
    expect(p.nodes.length).toBe(before);
  });
});

describe('a removed Pod', () => {
  it('keeps its Events and closes its lanes at the removal (a Pending Pod deleted: CheckGracefulDelete grace 0)', () => {
    const [secret, created] = crashLoopEvents(0);
    const t = (s: number) => new Date(Date.parse(created!.time) + s * 1000).toISOString();
    const stream = created!.stream;
    const events = [
      secret!,
      created!,
      { stream, type: 'pod.unschedulable', time: t(1), data: { message: '0/1 nodes are available' } },
      { stream, type: 'pod.deletion.requested', time: t(5), data: { gracePeriodSeconds: 30 } },
    ];
    const engine = createEngine();
    const builder = new ReportBuilder();
    events.forEach((e, i) => {
      const r = engine.apply({ ...e, seq: i + 1 });
      if (!r.ok) throw new Error(r.rejection.message);
      builder.observe(engine, r.transition);
    });
    expect(engine.pods.size).toBe(0);
    const pod = builder.finish(engine.env.time).pods[0]!;
    expect(pod.events.map((e) => e.reason)).toEqual(['FailedScheduling']);
    expect(pod.lanes[0]!.segments.map((x) => [x.label, x.open ?? false])).toEqual([
      ['No status yet (not scheduled)', false],
    ]);
    expect(pod.podChart.path.at(-1)).toBe('removed');
  });
});
