import { isPodstateError, PodstateError, type RecordedEvent, verifyLog } from '@podstate/core';
import { encodeRecord } from '@podstate/core/internal';
import { invariantCheckers, LogInvariantCheck, type Violation } from '@podstate/core/invariants';
import { type CommandContext, defineCommand } from '../../command.js';
import { profileOf } from '../../engine/loadEngine.js';
import { resolveLogTarget } from '../../log/openLogFromOptions.js';
import { logOptions, outputOption } from '../../options.js';
import { formatStructured } from '../../output/formatStructured.js';
import { requireJsonlPath } from '../requireJsonlPath.js';

interface VerifyOptions {
  log?: string;
  store?: string;
  output?: 'json' | 'yaml';
}

/** `podstate verify`: checks the log's integrity; exit 0 clean, 3 damaged, naming each problem's line and offset. */
export const verifyCommand = defineCommand<VerifyOptions>({
  name: 'verify',
  summary: 'check the log: integrity (CRCs, seq, rev, ids), that it replays, and the invariants',
  description:
    "Check a JSONL log without changing it: every line's CRC and envelope, seq contiguous from 1, rev " +
    'contiguous per stream, unique ids, complete atomic batches and a terminated last line. Exits 0 when ' +
    "clean and 3 when damaged, naming each problem's line and byte offset.",
  options: [...logOptions, outputOption(['json', 'yaml'])],
  examples: [
    { description: 'check events.jsonl in the current directory', command: 'podstate verify' },
    {
      description: 'print the report as JSON for a script',
      command: 'podstate verify --log run1.jsonl -o json',
    },
  ],
  async run({ options }, ctx) {
    const target = resolveLogTarget(options, ctx.io.env, ctx.io.cwd);
    if (target.kind === 'postgres') return verifyStore(ctx, options, target.name);
    const { path, name } = requireJsonlPath(options, ctx, 'verify');
    // One pass: each sound record is replayed and checked as the integrity check reads it.
    const check = new StreamingCheck();
    const report = await verifyLog(path, (e, end, size) => check.push(e, end >= size / 2));
    if (options.output !== undefined) {
      const shown = { ...report, file: name };
      ctx.io.stdout.write(formatStructured(shown, options.output));
      if (report.ok) {
        check.outcome();
        return 0;
      }
    } else if (report.ok) {
      const replay = check.outcome();
      ctx.print(`${name}: ok, ${report.records} records, head seq ${report.head}; ${replay}`);
      return 0;
    }
    const lines = report.problems.map((p) => p.message);
    if (report.truncated) lines.push('… more problems not shown');
    lines.push(
      `${name} is damaged. podstate repair --log ${name} keeps the valid records before the first problem ` +
        'and moves everything after it to a .damaged file beside the log.',
    );
    throw new PodstateError('damaged_log', lines.join('\n'), { file: path });
  },
});

/**
 * verify on PostgreSQL: reads the whole store (a hole in seq or rev is damage), checks each event's
 * CRC against its stored fields (an edited row), then replays it and checks the invariants.
 */
async function verifyStore(ctx: CommandContext, options: VerifyOptions, name: string): Promise<number> {
  const { log } = await ctx.openLog(options, { write: false });
  const problems: { seq: number; kind: string; message: string }[] = [];
  let records = 0;
  const check = new StreamingCheck();
  try {
    for await (const e of log.read()) {
      records++;
      if (problems.length === 0) check.push(e, false);
      const crc = encodeRecord(e).slice(-10, -2);
      if (e.crc !== undefined && e.crc !== crc) {
        problems.push({
          seq: e.seq,
          kind: 'crc',
          message: `event seq ${e.seq}: CRC mismatch (stored ${e.crc}, computed ${crc}): the row was edited`,
        });
      }
    }
  } finally {
    await log.close();
  }
  const repairHint = (seq: number) =>
    `${name} is damaged. podstate repair --store <url> --yes cuts the store back to seq ${seq - 1}, ` +
    'the last event that replays, and writes the events it removes to a file beside you.';
  if (problems.length > 0) {
    if (options.output !== undefined) {
      ctx.io.stdout.write(
        formatStructured({ file: name, ok: false, records, head: records, problems }, options.output),
      );
    }
    throw new PodstateError(
      'damaged_log',
      [...problems.map((p) => p.message), repairHint(problems[0]!.seq)].join('\n'),
    );
  }
  let replay: string;
  try {
    replay = check.outcome();
  } catch (e) {
    if (isPodstateError(e, 'damaged_log') && typeof e.details.seq === 'number') {
      throw new PodstateError('damaged_log', `${e.message}\n${repairHint(e.details.seq)}`, e.details);
    }
    throw e;
  }
  if (options.output !== undefined) {
    ctx.io.stdout.write(
      formatStructured({ file: name, ok: true, records, head: records, problems }, options.output),
    );
  } else ctx.print(`${name}: ok, ${records} events, head seq ${records}; ${replay}`);
  return 0;
}

/**
 * Replays a log's events as they are read and checks the invariants on each step, keeping no
 * event (memory follows the live Pods). `outcome` then judges a log whose integrity is sound: a
 * refused event is damage (exit 3), a violated invariant a failed check (exit 1).
 */
class StreamingCheck {
  private check: LogInvariantCheck | undefined;
  private snapshotTaken = false;
  /** seq of each step, for the report (steps are counted from 0; only violations need it). */
  private firstSeq = 1;

  /** Feeds one event; `halfWay` once the read has passed half the log (I1's snapshot goes there). */
  push(e: RecordedEvent, halfWay: boolean): void {
    if (this.check === undefined) {
      this.check = new LogInvariantCheck(profileOf(e));
      this.firstSeq = e.seq;
    }
    if (halfWay && !this.snapshotTaken) {
      this.snapshotTaken = true;
      this.check.snapshot();
    }
    this.check.push(e);
  }

  /** The summary line's tail, or a damaged_log / check_failed error. */
  outcome(): string {
    const check = this.check;
    const refused = check?.refused;
    if (refused !== undefined) {
      const e = refused.event as RecordedEvent;
      throw new PodstateError(
        'damaged_log',
        `event seq ${e.seq} (${e.type}) does not replay: ${refused.message}`,
        { seq: e.seq },
      );
    }
    const violations: Violation[] = check?.finish() ?? [];
    if (violations.length > 0) {
      // Steps are the log's events in order from the first one read, so step i is seq firstSeq + i.
      const seqOf = (step: number) => (step < check!.stream.steps ? this.firstSeq + step : step);
      const lines = violations
        .slice(0, 20)
        .map((v) => `${v.invariant} at seq ${seqOf(v.step)}: ${v.message}`);
      throw new PodstateError('check_failed', `invariants violated:\n${lines.join('\n')}`);
    }
    // Named from the checkers that ran, so the line never claims more or fewer than were checked.
    return `replays cleanly; invariants ${Object.keys(invariantCheckers).join(', ')} hold`;
  }
}
