import { type Engine, type EventLog, PodstateError } from '@podstate/core';
import { type StatusProjection, TimelineProjection } from '@podstate/projections';
import type { OutputStream } from '../io.js';
import { createProgress } from '../output/createProgress.js';
import { type ConfigEvent, loadEngine } from './loadEngine.js';
import type { AtPoint } from './parseAt.js';

/** The engine, its projections and "now" at a point of the log. */
export interface LoadedViews {
  engine: Engine;
  status: StatusProjection;
  timeline: TimelineProjection;
  /** The instant views are shown at (ms): the `--at` time, else the last replayed event's time; undefined for an empty view. */
  now?: number;
  lastSeq: number;
  /** Secret/ConfigMap events up to the point, for mounts and env. */
  configEvents: ConfigEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();

async function firstTime(log: EventLog): Promise<number | undefined> {
  for await (const e of log.read({ from: 1, to: 1 })) return Date.parse(e.time);
  return undefined;
}

/** Resolves `--at` against the log; a point after its last event is bad input (exit 2). Exported for report. */
export async function resolveAt(log: EventLog, at: AtPoint): Promise<{ seq?: number; time?: number }> {
  const raw = at.text;
  const head = await log.head();
  const last = head.time === undefined ? undefined : Date.parse(head.time);
  const range = head.seq === 0 ? 'the log is empty' : `the log ends at seq ${head.seq}, ${head.time}`;
  if ('seq' in at) {
    if (at.seq > head.seq) throw new PodstateError('bad_input', `--at ${raw} is beyond the log: ${range}`);
    return { seq: at.seq };
  }
  const start = 'time' in at ? 0 : await firstTime(log);
  const time = 'time' in at ? at.time : start === undefined ? Number.NaN : start + at.offset;
  if (last === undefined || Number.isNaN(time) || time > last) {
    const shown = Number.isNaN(time) ? raw : `${raw} (${iso(time)})`;
    throw new PodstateError('bad_input', `--at ${shown} is beyond the log: ${range}`);
  }
  return { time };
}

/**
 * Replays the log (up to `at`, when given) into a fresh engine with the status and timeline
 * projections. A log that does not replay is damaged: exit 3 naming the seq and the reason.
 */
export async function loadAt(log: EventLog, at?: AtPoint, progressTo?: OutputStream): Promise<LoadedViews> {
  const until = at === undefined ? undefined : await resolveAt(log, at);
  const timeline = new TimelineProjection();
  // A big replay shows a progress bar on stderr (only when stderr is a terminal).
  const total = until?.seq ?? (await log.head()).seq;
  const bar =
    progressTo && total >= 50_000 ? createProgress(progressTo, { total, label: 'replay' }) : undefined;
  let n = 0;
  const loaded = await loadEngine(log, until, (engine, t) => {
    timeline.apply(engine, t);
    if (bar && ++n % 5_000 === 0) bar.update(n);
  });
  bar?.stop();
  return {
    engine: loaded.engine,
    status: loaded.status,
    timeline,
    now: until?.time ?? loaded.lastTime,
    lastSeq: loaded.lastSeq,
    configEvents: loaded.configEvents,
  };
}
