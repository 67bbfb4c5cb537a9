import { readFileSync } from 'node:fs';
import type { Engine, EngineSnapshot } from '@podstate/core';
import {
  type CheckpointHeader,
  type CheckpointVersion,
  coreVersion,
  findCheckpoint,
  type ReadStart,
  restoreEngine,
  snapshotEngine,
  writeCheckpoint,
} from '@podstate/core/views';
import type { StatusSnapshot, TimelineSnapshot } from '@podstate/projections';
import { StatusProjection, TimelineProjection } from '@podstate/projections/views';
import type { ConfigEvent } from './loadEngine.js';
import type { AtPoint } from './parseAt.js';

/**
 * The body's layout: bump it whenever the engine's or a projection's state (or its meaning)
 * changes, so no checkpoint written by other code is ever read.
 */
export const CHECKPOINT_SCHEMA =
  'views-2: engine 5, status 1 of live Pods, timeline 1 as JSON text, config events 1';

/** A writing command (run, append, import) leaves a checkpoint when this many events follow the newest. */
export const CHECKPOINT_EVERY = 50_000;

/** What a checkpoint of the views holds besides its header. */
export interface ViewsCheckpointBody {
  engine: EngineSnapshot;
  /** The live Pods' entries only: a removed Pod's is never read again. */
  status: StatusSnapshot;
  /** JSON text of the timeline's snapshot: parsed only by a command that shows the timeline. */
  timeline: string;
  configEvents: ConfigEvent[];
  /** Each live stream's revision at the checkpoint's seq (the read resumes its checks there). */
  revisions: [string, number][];
  /** The time of the last event (ms): `now` of the views when nothing follows. */
  lastTime: number;
}

/** The views restored from a checkpoint, and where the read resumes. */
export interface Resumed {
  header: CheckpointHeader;
  engine: Engine;
  status: StatusProjection;
  timeline: TimelineProjection | undefined;
  configEvents: ConfigEvent[];
  lastTime: number;
  firstTime: number;
  start: ReadStart;
}

let version: CheckpointVersion | undefined;

/** The code a checkpoint belongs to: this CLI's version and its engine's, and the body's schema. */
export function checkpointVersion(): CheckpointVersion {
  if (version === undefined) {
    // src/ (tests) and dist/ (binary) both sit two levels below package.json.
    const read = (url: URL) => (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
    const cli = read(new URL('../../package.json', import.meta.url));
    const core = coreVersion();
    version = { writer: `podstate ${cli} (core ${core})`, schema: CHECKPOINT_SCHEMA };
  }
  return version;
}

/** Whether a checkpoint at `h` lies at or before `at` (every event it summarises is at or before it). */
function atOrBefore(h: CheckpointHeader, at: AtPoint | undefined): boolean {
  if (at === undefined) return true;
  if ('seq' in at) return h.seq <= at.seq;
  const time = Date.parse(h.time);
  // Event times never go backwards (the engine refuses it), so every earlier event is no later.
  if ('time' in at) return time <= at.time;
  return time <= Date.parse(h.firstTime) + at.offset;
}

/**
 * The views at the newest valid checkpoint of `path` at or before `at`, or undefined when there
 * is none. A stale, foreign, damaged or other-version checkpoint is skipped with a warning.
 */
export function resumeFromCheckpoint(
  path: string,
  at: AtPoint | undefined,
  timeline: boolean,
  warn: (message: string) => void,
): Resumed | undefined {
  const found = findCheckpoint<ViewsCheckpointBody>(path, {
    version: checkpointVersion(),
    accept: (h) => atOrBefore(h, at),
    warn,
  });
  if (found === undefined) return undefined;
  const { header, body } = found;
  return {
    header,
    engine: restoreEngine(body.engine),
    status: StatusProjection.restore(body.status),
    timeline: timeline
      ? TimelineProjection.restore(JSON.parse(body.timeline) as TimelineSnapshot)
      : undefined,
    configEvents: body.configEvents,
    lastTime: body.lastTime,
    firstTime: Date.parse(header.firstTime),
    start: { seq: header.seq, time: header.time, offset: header.end, revisions: new Map(body.revisions) },
  };
}

/** What a full read to the log's head hands to {@link saveCheckpoint}. */
export interface CheckpointState {
  engine: Engine;
  status: StatusProjection;
  timeline: TimelineProjection;
  configEvents: ConfigEvent[];
  revisions: ReadonlyMap<string, number>;
  seq: number;
  time: string;
  firstTime: number;
  lastTime: number;
  /** Byte offset just after the record at `seq`. */
  end: number;
  /** The checkpoint the read started from (its prefix CRC is continued, not recomputed). */
  from?: CheckpointHeader;
}

/** Writes the checkpoint of `path` at `s.seq`; returns its path. */
export function saveCheckpoint(path: string, s: CheckpointState): string {
  const body: ViewsCheckpointBody = {
    engine: snapshotEngine(s.engine),
    status: s.status.snapshot().filter(([uid]) => s.engine.pods.has(uid)),
    timeline: JSON.stringify(s.timeline.snapshot()),
    configEvents: s.configEvents,
    revisions: [...s.revisions],
    lastTime: s.lastTime,
  };
  return writeCheckpoint(
    path,
    { seq: s.seq, time: s.time, firstTime: new Date(s.firstTime).toISOString(), end: s.end },
    body,
    checkpointVersion(),
    s.from,
  );
}
