import type { Engine, EventLog, Transition } from '@podstate/core';
import {
  type CheckpointHeader,
  createEngine,
  PodstateError,
  profileOf,
  type ReadOnceResult,
  readJsonlOnce,
} from '@podstate/core/views';
import {
  foldEvent,
  StatusProjection,
  TimelineProjection,
  type TransitionFold,
} from '@podstate/projections/views';
import { printError } from '../exitCodes.js';
import type { OutputStream } from '../io.js';
import type { ReadSource } from '../log/openLogFromOptions.js';
import { createProgress } from '../output/createProgress.js';
import { type Resumed, resumeFromCheckpoint } from './checkpoints.js';
import { type ConfigEvent, isConfigEvent, loadEngine } from './loadEngine.js';
import type { AtPoint } from './parseAt.js';

/** The engine, its projections and "now" at a point of the log. */
export interface LoadedViews {
  engine: Engine;
  status: StatusProjection;
  /** The Events timeline, when the command asked for it. */
  timeline: TimelineProjection | undefined;
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

/** Which projections a command shows; only those are built. */
export interface ViewsWanted {
  /** The Events timeline (describe). */
  timeline?: boolean;
  /** Start from the newest valid checkpoint at or before the point (default true; JSONL only). */
  checkpoints?: boolean;
  /**
   * The only namespace whose Pods the command shows: the status fold follows no other (JSONL,
   * one thread). The views then answer for that namespace's Pods only.
   */
  namespace?: string;
}

/**
 * Replays the log (up to `at`, when given) into a fresh engine with the status projection, and
 * the timeline when `wanted.timeline`. A JSONL log is read once (readJsonlOnce: each line decoded
 * once, no index). A log that does not replay is damaged: exit 3 naming the seq and the reason.
 */
export async function loadAt(
  source: ReadSource | EventLog,
  at?: AtPoint,
  progressTo?: OutputStream,
  wanted: ViewsWanted = { timeline: true },
): Promise<LoadedViews> {
  if ('kind' in source && source.kind === 'jsonl') {
    const threads = source.threads ?? 1;
    if (threads > 1 && at === undefined && !wanted.timeline) {
      // A cold replay split by Pod over threads; anything it cannot vouch for is read again below.
      const { loadWithWorkers, traceWorkers } = await import('../workers/loadWithWorkers.js');
      const split = await loadWithWorkers(source.path, threads, progressTo, wanted.namespace);
      traceWorkers(split, threads, process.env, progressTo);
      if ('views' in split) return split.views;
    }
    return loadJsonlAt(source.path, at, progressTo, wanted);
  }
  const log = 'kind' in source ? source.log : source;
  const until = at === undefined ? undefined : await resolveAt(log, at);
  const timeline = wanted.timeline ? new TimelineProjection() : undefined;
  // A big replay shows a progress bar on stderr (only when stderr is a terminal).
  const total = until?.seq ?? (await log.head()).seq;
  const bar =
    progressTo && total >= 50_000 ? createProgress(progressTo, { total, label: 'replay' }) : undefined;
  let n = 0;
  const loaded = await loadEngine(log, until, (engine, t) => {
    timeline?.apply(engine, t);
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

/** What a JSONL read saw besides the views: where it ended, and the checkpoint it started from. */
export interface JsonlViews extends LoadedViews {
  read: ReadOnceResult;
  firstTime: number | undefined;
  from: CheckpointHeader | undefined;
}

/**
 * loadAt for a JSONL file in one pass: `--at` is resolved while reading (the replay stops at the
 * first event past the point), so the log is neither indexed nor read twice. It starts from the
 * newest valid checkpoint at or before the point (checkpoints.ts), if any: only the tail is read.
 */
export function loadJsonlAt(
  path: string,
  at: AtPoint | undefined,
  progressTo: OutputStream | undefined,
  wanted: ViewsWanted,
): JsonlViews {
  const resumed: Resumed | undefined =
    wanted.checkpoints === false
      ? undefined
      : resumeFromCheckpoint(path, at, wanted.timeline === true, (m) => {
          if (progressTo) printError(progressTo, `warning: ${m}`);
        });
  let engine: Engine | undefined = resumed?.engine;
  const status = resumed?.status ?? new StatusProjection();
  if (wanted.namespace !== undefined) status.only(wanted.namespace);
  const timeline = wanted.timeline ? (resumed?.timeline ?? new TimelineProjection()) : undefined;
  const folds: TransitionFold[] = timeline ? [status, timeline] : [status];
  const configEvents: ConfigEvent[] = resumed?.configEvents ?? [];
  let lastTime: number | undefined = resumed?.lastTime;
  let lastSeq = resumed?.header.seq ?? 0;
  let firstTime: number | undefined = resumed?.firstTime;
  let untilTime = at !== undefined && 'time' in at ? at.time : undefined;
  if (at !== undefined && 'offset' in at && firstTime !== undefined) untilTime = firstTime + at.offset;
  const untilSeq = at !== undefined && 'seq' in at ? at.seq : undefined;
  const byTime = at !== undefined && !('seq' in at);
  let bar: ReturnType<typeof createProgress> | undefined;
  const read = readJsonlOnce(
    path,
    (e) => {
      if (untilSeq !== undefined && e.seq > untilSeq) return false;
      if (byTime) {
        const time = Date.parse(e.time);
        if (firstTime === undefined) {
          firstTime = time;
          if (at !== undefined && 'offset' in at) untilTime = time + at.offset;
        }
        if (untilTime !== undefined && time > untilTime) return false;
      }
      engine ??= createEngine({ profile: profileOf(e) });
      // Without the timeline the one fold (status) keeps no transition: `step` reuses one object.
      let t: Transition | undefined;
      if (timeline === undefined) {
        t = engine.step(e);
        if (t !== undefined) status.apply(engine, t);
      } else {
        const r = foldEvent(engine, e, folds);
        if (r.ok) t = r.transition;
      }
      if (t === undefined) {
        const r = engine.apply(e);
        throw new PodstateError(
          'damaged_log',
          `event seq ${e.seq} (${e.type}) does not replay: ${r.ok ? 'refused' : r.rejection.message}`,
        );
      }
      if (isConfigEvent(e.type)) configEvents.push(e);
      lastTime = t.time;
      firstTime ??= lastTime;
      lastSeq = e.seq;
      return true;
    },
    {
      ...(resumed ? { start: resumed.start } : {}),
      onProgress: (bytes, size) => {
        if (progressTo && size >= 16 << 20)
          bar ??= createProgress(progressTo, { total: size, label: 'replay' });
        bar?.update(bytes);
      },
    },
  );
  bar?.stop();
  if (at !== undefined && !read.stopped) {
    // The point was not passed: it is at or before the last event, or beyond the log.
    const range = read.head === 0 ? 'the log is empty' : `the log ends at seq ${read.head}, ${read.headTime}`;
    const beyond =
      untilSeq !== undefined
        ? untilSeq > read.head
        : untilTime === undefined ||
          Number.isNaN(untilTime) ||
          lastTime === undefined ||
          untilTime > lastTime;
    if (beyond) {
      const shown =
        untilTime === undefined || Number.isNaN(untilTime) || 'seq' in at
          ? at.text
          : `${at.text} (${iso(untilTime)})`;
      throw new PodstateError('bad_input', `--at ${shown} is beyond the log: ${range}`);
    }
  }
  return {
    engine: engine ?? createEngine(),
    status,
    timeline,
    now: untilTime ?? lastTime,
    lastSeq,
    configEvents,
    read,
    firstTime,
    from: resumed?.header,
  };
}
