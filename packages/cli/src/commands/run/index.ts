import { existsSync } from 'node:fs';
import { profileOf, type RecordedEvent } from '@podstate/core';
import { checkInvariants, recordTrace } from '@podstate/core/invariants';
import { checkProjectedPods } from '@podstate/projections';
import { extraViews, type RunResult, readRunInputs, runScenario, SCENARIO_EPOCH } from '@podstate/scenario';
import { defineCommand } from '../../command.js';
import { checkpointIfDue } from '../../engine/checkpointLog.js';
import { emptyEngine, type LoadedEngine, loadEngine } from '../../engine/loadEngine.js';
import { resolveLogTarget } from '../../log/openLogFromOptions.js';
import { logOptions } from '../../options.js';
import { formatRunResult } from '../../output/formatRunResult.js';
import { redactSecretValues, secretValues } from '../../output/redactSecretValues.js';
import { readInputFile } from '../../readInputFile.js';
import { appendPlanned, assertPlanned } from './appendPlanned.js';

interface RunOptions {
  log?: string;
  store?: string;
  showSecrets?: boolean;
}

/** `podstate run`: applies Kubernetes objects and a Scenario's steps, printing the Pod after each step. */
export const runCommand = defineCommand<RunOptions>({
  name: 'run',
  summary: 'replay a scenario: Kubernetes objects plus steps, checked against expectations',
  description:
    'Apply the Pods, Nodes, Secrets and ConfigMaps of the files and the steps of an optional Scenario ' +
    "document (apiVersion: podstate.dev/v1alpha1, kind: Scenario), printing the Pod's phase and kubectl " +
    'status after each step. With spec.auto (default true) the kubelet, scheduler and runtime produce the ' +
    'natural facts between steps. The events go to the log (created if absent). Exit 1 if an expectation ' +
    'failed; on bad input or a refused event nothing is appended.',
  arguments: [{ name: '<files...>', description: 'YAML or JSON files (multi-document)' }],
  options: [
    ...logOptions,
    {
      flags: '--show-secrets',
      description: 'show Secret-derived values in expectation failures (hidden by default)',
    },
  ],
  examples: [
    {
      description: 'replay the crash-loop example',
      command: 'podstate run examples/crashloop.yaml --log /tmp/crashloop.jsonl',
    },
  ],
  async run({ args, options }, ctx) {
    const names = (args.files as string[] | undefined) ?? [];
    const files: { name: string; text: string }[] = [];
    for (const name of names) files.push({ name, text: await readInputFile(name, ctx.io) });
    const inputs = readRunInputs(files);
    for (const w of inputs.warnings) ctx.warn(w);
    let history: LoadedEngine['configEvents'] = [];
    const play = (loaded: LoadedEngine) => {
      history = loaded.configEvents;
      return runScenario(
        loaded.engine,
        loaded.status,
        inputs,
        loaded.lastTime ?? SCENARIO_EPOCH,
        (pod, now) => extraViews(loaded.engine, pod, loaded.configEvents, now),
        loaded.configEvents,
      );
    };
    // A new log file is created only once the run is known to be good: play it on an empty
    // engine first, so bad input or a refused step leaves no file behind.
    const target = resolveLogTarget(options, ctx.io.env, ctx.io.cwd);
    const fresh = target.kind === 'jsonl' && !existsSync(target.path);
    const dryRun = fresh ? play(emptyEngine()) : undefined;
    // Secret values never reach the output unless --show-secrets: an expectation on env or mounts
    // that failed shows what it got as <redacted>.
    const secretsOf = (r: RunResult) => (options.showSecrets ? [] : secretValues([...history, ...r.events]));
    // A step that cannot run: print the trace up to it, then the error; nothing is appended.
    const refuse = (r: RunResult): never => {
      const secrets = secretsOf(r);
      for (const line of formatRunResult(r)) ctx.print(redactSecretValues(line, secrets));
      throw r.error;
    };
    if (dryRun?.error) refuse(dryRun);
    if (dryRun) assertPlanned(dryRun.events);
    const { log } = await ctx.openLog(options, { write: true });
    let result: RunResult;
    let head = 0;
    try {
      const loaded = dryRun ? undefined : await loadEngine(log);
      result = dryRun ?? play(loaded!);
      if (!result.error) {
        // Every check the store makes on an append runs on every planned append before the first
        // byte is written, so a refused run appends nothing.
        assertPlanned(result.events);
        await appendPlanned(log, result.events, loaded?.lastSeq ?? 0);
        head = (await log.head()).seq;
      }
    } finally {
      await log.close();
    }
    // The writers' checkpoint cadence (docs/decisions.md, "Checkpoints").
    if (target.kind === 'jsonl' && head > 0) checkpointIfDue(target.path, head, ctx.io.stderr, ctx.io.env);
    if (result.error) refuse(result);
    const secrets = secretsOf(result);
    const shown = (text: string) => redactSecretValues(text, secrets);
    for (const line of formatRunResult(result)) ctx.print(shown(line));
    if (inputs.scenario?.invariants) {
      const violations = await checkLogInvariants(options, ctx);
      if (violations.length === 0)
        ctx.print(
          '  ✓ invariants I1–I11, I13, I14, I16, I17 and the projected I2, I4, I5 hold on the whole log',
        );
      for (const v of violations) {
        ctx.print(`  ✗ ${v}`);
        result.failures.push({
          where: `${inputs.scenario.file}:${inputs.scenario.line}`,
          what: `invariant violated: ${v}`,
        });
      }
    }
    if (result.failures.length > 0) {
      for (const f of result.failures) ctx.io.stderr.write(shown(`podstate: ${f.where}: ${f.what}\n`));
      return 1;
    }
    return 0;
  },
});

/** Replays the whole log into a trace and checks every invariant on it, the projected I2/I4/I5 too (spec.invariants). */
async function checkLogInvariants(
  options: RunOptions,
  ctx: Parameters<typeof runCommand.run>[1],
): Promise<string[]> {
  const { log } = await ctx.openLog(options, { write: false });
  const events: RecordedEvent[] = [];
  try {
    for await (const e of log.read()) events.push(e);
  } finally {
    await log.close();
  }
  const trace = recordTrace(events, profileOf(events[0]));
  return [...checkInvariants(trace), ...checkProjectedPods(trace)].map(
    (v) => `${v.invariant} at seq ${events[v.step]?.seq ?? v.step}: ${v.message}`,
  );
}
