import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PodstateError } from '@podstate/core';
import { defineCommand } from '../../command.js';
import { ExitCode } from '../../exitCodes.js';
import { createProgress } from '../../output/createProgress.js';
import { type Canary, parseCanary } from './canary.js';
import { type ExploreResult, explore } from './explore.js';
import { observedState } from './observedState.js';
import {
  DEFAULT_MAX_EVENTS,
  DEFAULT_RUNS,
  DEFAULT_SEED,
  formatCount,
  parseMaxEvents,
  parseRuns,
  parseSeed,
} from './parseOptions.js';
import { builtInInput, readExploreInputs } from './readExploreInputs.js';
import { toCounterexampleYaml } from './toCounterexampleYaml.js';

interface ExploreCommandOptions {
  runs: number;
  seed: number;
  maxEvents: number;
  out?: string;
  canary?: Canary;
}

/** `podstate explore`: random lifecycles checked against the invariants; a violation is shrunk and written as a Scenario. */
export const exploreCommand = defineCommand<ExploreCommandOptions>({
  name: 'explore',
  summary:
    'generate random Pod lifecycles, check the invariants, shrink a violation to a replayable scenario',
  description:
    'Generate lifecycles with fast-check for the Pods of the manifest files (or, with no files, a built-in set ' +
    'covering init containers, sidecars, probes, hooks, volumes and every restart policy), drawing each fact ' +
    "from the engine's enabled events, and check invariants I1-I11, I13, I14, I16 and I17 on every one. On a violation, " +
    'shrink it and write the minimal counterexample as counterexample-<seed>.yaml, a Scenario `podstate run` ' +
    'replays; exit 1. The same seed gives the same lifecycles. --canary adds a deliberately false invariant ' +
    'to demonstrate the pipeline (see docs/explore.md).',
  arguments: [
    {
      name: '[files...]',
      description: 'YAML or JSON manifests: Pods, and the Nodes, Secrets, ConfigMaps around them',
    },
  ],
  options: [
    {
      flags: '--runs <n>',
      description: `lifecycles to generate (default ${DEFAULT_RUNS})`,
      defaultValue: DEFAULT_RUNS,
      parse: parseRuns,
    },
    {
      flags: '--seed <s>',
      description: `fast-check seed, a 32-bit integer (default ${DEFAULT_SEED})`,
      defaultValue: DEFAULT_SEED,
      parse: parseSeed,
    },
    {
      flags: '--max-events <m>',
      description: `most events per lifecycle after the starting objects (default ${DEFAULT_MAX_EVENTS})`,
      defaultValue: DEFAULT_MAX_EVENTS,
      parse: parseMaxEvents,
    },
    {
      flags: '--out <dir>',
      description: 'where to write the counterexample (default: the current directory)',
    },
    {
      flags: '--canary <kind:n>',
      description:
        'also check a deliberately false invariant, to see a counterexample: restarts:<n> = "no container restarts n times"',
      parse: parseCanary,
    },
  ],
  examples: [
    { description: 'explore the built-in Pods with the default seed', command: 'podstate explore' },
    {
      description: 'explore your own manifests longer, reproducibly',
      command: 'podstate explore --runs 10000 --seed 7 pod.yaml',
    },
    {
      description: 'see a counterexample found, shrunk and written',
      command: 'podstate explore --canary restarts:3 --out /tmp',
    },
  ],
  async run({ args, options }, ctx) {
    const names = (args.files as string[] | undefined) ?? [];
    const input = names.length === 0 ? builtInInput() : readExploreInputs(names, ctx.io.cwd);
    const progress = createProgress(ctx.io.stderr, { total: options.runs, label: 'explore' });
    let result: ExploreResult;
    try {
      result = explore(input, {
        runs: options.runs,
        seed: options.seed,
        maxEvents: options.maxEvents,
        canary: options.canary,
        onLifecycle: () => progress.increment(),
      });
    } finally {
      progress.stop();
    }
    const rate = (n: number) => formatCount(result.seconds > 0 ? n / result.seconds : 0);
    const timing = `${result.seconds.toFixed(2)}s: ${rate(result.lifecycles)} lifecycles/s, ${rate(result.events)} events/s`;
    ctx.print(
      `explored ${formatCount(result.lifecycles)} lifecycle${result.lifecycles === 1 ? '' : 's'} (${formatCount(result.events)} events) of ${input.source} (${input.pods.length} Pod${input.pods.length === 1 ? '' : 's'}), seed ${result.seed}, max events ${options.maxEvents}`,
    );
    const ce = result.counterexample;
    if (ce === undefined) {
      const checked = [
        'I1-I11',
        'I13',
        'I14',
        'I16',
        'I17',
        'projected I2, I4, I5',
        ...(options.canary ? [`canary ${options.canary.name}`] : []),
      ];
      ctx.print(`no invariant violated (checked ${checked.join(', ')})`);
      ctx.print(`in ${timing}`);
      return ExitCode.ok;
    }
    const command = [
      'podstate explore',
      `--seed ${result.seed}`,
      `--runs ${options.runs}`,
      `--max-events ${options.maxEvents}`,
      ...(options.canary ? [`--canary ${options.canary.name}`] : []),
      ...names,
    ].join(' ');
    const canaryExpect = options.canary && ce.violation.invariant === `canary ${options.canary.name}`;
    const expect = canaryExpect
      ? options.canary!.expectation(ce.violation, ce.lifecycle.trace)
      : observedState(ce.lifecycle);
    const expectNote = canaryExpect
      ? `the expect below is what "${options.canary!.claim}" allows: podstate run fails on it, as the canary did`
      : 'podstate run does not check invariants; the expect below is the state the violation was seen in';
    const text = toCounterexampleYaml(ce, { seed: result.seed, command, expect, expectNote });
    const dir = resolve(ctx.io.cwd, options.out ?? '.');
    const path = join(dir, `counterexample-${result.seed}.yaml`);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, text);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new PodstateError(
        'bad_input',
        `cannot write ${path}: ${why}; give --out a directory you can write to`,
      );
    }
    const shown = relative(ctx.io.cwd, path).startsWith('..') ? path : relative(ctx.io.cwd, path);
    const events = ce.lifecycle.events.length - ce.lifecycle.setup;
    ctx.print(
      `${ce.violation.invariant} violated in lifecycle ${ce.foundAt} (seed ${result.seed}): ${ce.violation.message}`,
    );
    ctx.print(
      `shrunk in ${ce.shrinks} steps from ${ce.originalEvents} events to ${ce.lifecycle.events.length} (${events} step${events === 1 ? '' : 's'} after ${ce.lifecycle.setup} objects)`,
    );
    ctx.print(`counterexample: ${shown}`);
    ctx.print(`replay: podstate run ${shown} --log <a new log>`);
    ctx.print(`in ${timing}`);
    return ExitCode.checkFailed;
  },
});
