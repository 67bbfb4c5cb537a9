import { listCheckpoints } from '@podstate/core/runtime';
import { printError } from '../exitCodes.js';
import type { OutputStream } from '../io.js';
import { CHECKPOINT_EVERY, saveCheckpoint } from './checkpoints.js';
import { loadJsonlAt } from './loadAt.js';

/** What {@link checkpointLog} did. */
export interface CheckpointOutcome {
  /** The log's last seq. */
  seq: number;
  /** The checkpoint written, if one was. */
  written?: string;
  /** The valid checkpoint the replay started from, if any. */
  from?: number;
}

/**
 * Replays a JSONL log to its head (from its newest valid checkpoint, if any) and writes a
 * checkpoint there, unless fewer than `minEvents` events follow that checkpoint (or the log is
 * empty). Warnings about ignored checkpoints go to `warnTo`.
 */
export function checkpointLog(
  path: string,
  warnTo: OutputStream | undefined,
  minEvents = 1,
): CheckpointOutcome {
  const views = loadJsonlAt(path, undefined, warnTo, { timeline: true });
  const seq = views.lastSeq;
  const from = views.from?.seq;
  const outcome: CheckpointOutcome = { seq, ...(from !== undefined ? { from } : {}) };
  if (seq === 0 || seq - (from ?? 0) < minEvents || views.read.headTime === undefined) return outcome;
  const written = saveCheckpoint(path, {
    engine: views.engine,
    status: views.status,
    timeline: views.timeline!,
    configEvents: views.configEvents,
    revisions: views.read.revisions,
    seq,
    time: views.read.headTime,
    firstTime: views.firstTime!,
    lastTime: views.now!,
    end: views.read.end,
    ...(views.from ? { from: views.from } : {}),
  });
  return { ...outcome, written };
}

/**
 * The writers' cadence: after a command appended to a JSONL log, a checkpoint is written when
 * {@link CHECKPOINT_EVERY} (or `PODSTATE_CHECKPOINT_EVERY`; 0 turns it off) or more events follow
 * the newest checkpoint beside it (by name; the replay checks it). `head` is the log's last seq
 * after the append.
 */
export function checkpointIfDue(
  path: string,
  head: number,
  warnTo: OutputStream | undefined,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const raw = env.PODSTATE_CHECKPOINT_EVERY;
  const every =
    raw === undefined || raw === '' || !Number.isSafeInteger(Number(raw)) ? CHECKPOINT_EVERY : Number(raw);
  if (every <= 0) return;
  const newest = listCheckpoints(path)[0]?.seq ?? 0;
  if (head - newest < every) return;
  try {
    checkpointLog(path, warnTo, every);
  } catch (e) {
    // The append is done and durable: a checkpoint that cannot be written (a full disk) is a
    // cache not refreshed, said as a warning, never a failed command.
    if (warnTo) printError(warnTo, `warning: no checkpoint written beside ${path}: ${(e as Error).message}`);
  }
}
