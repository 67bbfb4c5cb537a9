import { existsSync } from 'node:fs';
import {
  createEngine,
  type Engine,
  type Pod,
  PodstateError,
  podWarnings,
  type RecordedEvent,
  sameContent,
  type Transition,
} from '@podstate/core/internal';
import { defineCommand } from '../../command.js';
import { checkpointIfDue } from '../../engine/checkpointLog.js';
import { loadEngine } from '../../engine/loadEngine.js';
import { appendDecided } from '../../log/appendDecided.js';
import { resolveLogTarget } from '../../log/openLogFromOptions.js';
import { logOptions } from '../../options.js';
import { checkWithEngine } from './checkWithEngine.js';
import { parseAppendInputs } from './parseAppendInputs.js';
import { readAppendSources } from './readAppendSources.js';

interface AppendOptions {
  log?: string;
  store?: string;
  file?: string;
}

/** `podstate append`: appends events given as JSON, printing one line per durable event. */
export const appendCommand = defineCommand<AppendOptions>({
  name: 'append',
  summary: 'append events given as JSON to the log',
  description:
    'Append events to the log. Each argument (or each line of -f) is one event ' +
    '{stream, type, time, data, subject?, id?, meta?, sv?} or an array of them; consecutive events of one ' +
    'stream in an array are appended atomically. Every input is checked first: if any is bad, nothing is ' +
    'appended. Prints "appended seq=<seq> stream=<stream> rev=<rev> id=<id>" once each event is durable.',
  arguments: [{ name: '[events...]', description: 'event JSON objects or arrays' }],
  options: [
    ...logOptions,
    {
      flags: '-f, --file <path>',
      description: 'read events from a file, one JSON event or array per line (- for stdin)',
    },
  ],
  examples: [
    {
      description: 'register a node',
      command:
        'podstate append \'{"stream":"node/node-1","type":"node.registered","time":"2024-05-01T12:00:00.000Z","data":{"node":"node-1","labels":{}}}\'',
    },
    {
      description: 'append every line of a file to another log',
      command: 'podstate append --log other.jsonl -f events.jsonl',
    },
  ],
  async run({ args, options }, ctx) {
    const sources = await readAppendSources(
      (args.events as string[] | undefined) ?? [],
      options.file,
      ctx.io,
    );
    // Shapes first: a malformed input is refused before the log is even opened (or created).
    const shaped = parseAppendInputs(sources);
    // Then the catalogue and the engine on top of the log, in order: an illegal fact never
    // reaches the log, and nothing is appended unless every input is legal. A log file that does
    // not exist yet is not created for a refused append: check against an empty engine first.
    // Ids already in the log: an input with one is an exact retry (same content: it is not checked
    // again, and the log returns the original record) or a conflict (other content: refused).
    let recorded = new Map<string, RecordedEvent>();
    const remember = (map: Map<string, RecordedEvent>) => (_: Engine, t: Transition) => {
      const e = t.event as RecordedEvent;
      if (e.id !== undefined) map.set(e.id, e);
    };
    const check = (engine: Engine, groups = shaped) => {
      const problems = groups.flat().flatMap((item) => {
        const id = item.event.id;
        const original = id === undefined ? undefined : recorded.get(id);
        if (original !== undefined) {
          if (sameContent(original, item.stream, item.event)) return [];
          return [
            `${item.where}: id ${id} is already used at seq ${original.seq} (${original.type} on ${original.stream}) with other content; give this event a fresh id`,
          ];
        }
        const why = checkWithEngine(engine, item);
        return why === undefined ? [] : [`${item.where}: ${why}`];
      });
      if (problems.length > 0) {
        throw new PodstateError('bad_input', `${problems.join('\n')}\nNothing was appended.`, { problems });
      }
    };
    const target = resolveLogTarget(options, ctx.io.env, ctx.io.cwd);
    if (target.kind === 'jsonl' && !existsSync(target.path)) check(createEngine());
    const { log } = await ctx.openLog(options, { write: true });
    let head = 0;
    try {
      const loaded = await loadEngine(log, undefined, remember(recorded));
      check(loaded.engine);
      // What the API server would return as warnings with a created Pod.
      for (const item of shaped.flat())
        if (item.event.type === 'pod.created')
          for (const w of podWarnings(item.event.data.manifest as Pod)) ctx.warn(`${item.where}: ${w}`);
      // Each append commits only if the log is still as checked; if another writer got in first,
      // the inputs not yet appended are checked again against the log as it is now.
      const groups = shaped.map((group) => ({
        stream: group[0]!.stream,
        events: group.map((item) => item.event),
        items: group,
      }));
      await appendDecided(
        log,
        groups,
        loaded.lastSeq,
        async (remaining) => {
          recorded = new Map();
          const fresh = await loadEngine(log, undefined, remember(recorded));
          check(
            fresh.engine,
            remaining.map((g) => (g as (typeof groups)[number]).items),
          );
          return fresh.lastSeq;
        },
        (result) => {
          head = Math.max(head, result.lastSeq);
          for (const e of result.events)
            ctx.print(`appended seq=${e.seq} stream=${e.stream} rev=${e.rev} id=${e.id}`);
        },
      );
    } finally {
      await log.close();
    }
    // The writers' checkpoint cadence (docs/decisions.md, "Checkpoints").
    if (target.kind === 'jsonl' && head > 0) checkpointIfDue(target.path, head, ctx.io.stderr, ctx.io.env);
    return 0;
  },
});
