import { PodstateError } from '@podstate/core';
import {
  comparePod,
  conformRecording,
  type Difference,
  type PodConformance,
  planImport,
} from '@podstate/import';
import type { StatusProjection } from '@podstate/projections';
import { defineCommand } from '../../command.js';
import { loadEngine } from '../../engine/loadEngine.js';
import { appendImport, refusals } from '../import/appendImport.js';
import { readRecordings } from '../import/readRecordings.js';

interface ConformOptions {
  log?: string;
  output?: 'text' | 'json';
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

/** `podstate conform`: import a recording, replay it, compare with what the cluster showed. */
export const conformCommand = defineCommand<ConformOptions>({
  name: 'conform',
  summary: 'check podstate against a real cluster: import a recording and compare field by field',
  description:
    'Import a recording (as podstate import reads it) into memory, or into --log to keep it, replay it and ' +
    'compare each Pod with what the cluster showed: phase, conditions with their reasons, each container’s ' +
    'state, last state, ready, started and restart count, and the kubectl get pods row (READY, STATUS, ' +
    'RESTARTS, IP, NODE). A watch stream (kubectl get pods -w -o json) is compared at every observation: the ' +
    'last one as above, each earlier one with podstate’s view at its instant (which of them podstate ' +
    'reproduced). Each difference is printed with the rule that decided podstate’s value. Exit 1 on a ' +
    'difference; exit 2 when a Pod cannot be imported.',
  arguments: [{ name: '<files...>', description: 'recordings: JSON or YAML as kubectl printed them' }],
  options: [
    { flags: '--log <file>', description: 'keep the imported log in this JSONL file (default: in memory)' },
    {
      flags: '-o, --output <format>',
      description: 'output format: text, json',
      choices: ['text', 'json'],
      defaultValue: 'text',
    },
  ],
  examples: [
    { description: 'check podstate against a Pod of your cluster', command: 'podstate conform web.json' },
    {
      description: 'keep the imported log to look at it afterwards',
      command:
        'podstate conform pods.yaml --log pods.jsonl && podstate report --html pods.html --log pods.jsonl',
    },
  ],
  async run({ args, options }, ctx) {
    const recording = await readRecordings((args.files as string[]) ?? [], ctx.io);
    if (recording.pods.length === 0)
      throw new PodstateError(
        'bad_input',
        'the recording holds Events but no Pod: add kubectl get pods -o json',
      );
    let pods: PodConformance[];
    let refused: string[];
    if (options.log === undefined) {
      const result = conformRecording(recording);
      pods = result.pods;
      refused = refusals(result.plan);
    } else {
      // Earlier observations (a watch stream) are compared on the recording's own replay.
      const inMemory = new Map(conformRecording(recording).pods.map((p) => [p.name, p.earlier]));
      const { log } = await ctx.openLog({ log: options.log }, { write: true });
      try {
        const before = await loadEngine(log);
        const plan = planImport(recording, before.engine);
        if (plan.events.length > 0) await appendImport(log, plan);
        refused = refusals(plan);
        const loaded = await loadEngine(log);
        const status: StatusProjection = loaded.status;
        const end = loaded.lastTime ?? 0;
        pods = plan.pods.map((p) => {
          if (p.refused)
            return {
              name: p.name,
              where: p.where,
              compared: 0,
              differences: [],
              refused: p.refused,
              earlier: [],
            };
          const now = Math.max(p.observedAt, end);
          const object = status.get(loaded.engine, p.uid, now)!;
          return {
            name: p.name,
            where: p.where,
            ...comparePod(p.observed, object, now),
            earlier: inMemory.get(p.name) ?? [],
          };
        });
      } finally {
        await log.close();
      }
    }
    if (options.output === 'json') {
      const out = pods.map((p) => ({
        pod: p.name,
        where: p.where,
        compared: p.compared,
        differences: p.differences,
        earlier: p.earlier.map((o) => ({
          where: o.where,
          at: new Date(o.at).toISOString(),
          compared: o.compared,
          differences: o.differences,
        })),
        ...(p.refused
          ? { refused: { field: p.refused.field, rule: p.refused.rule, message: p.refused.message } }
          : {}),
      }));
      ctx.io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      const printDifferences = (ds: Difference[], indent: string) => {
        for (const d of ds) {
          ctx.print(`${indent}${d.field}: cluster ${show(d.observed)}, podstate ${show(d.podstate)}`);
          ctx.print(`${indent}  decided by: ${d.rule}`);
        }
      };
      for (const p of pods) {
        if (p.refused) continue;
        if (p.differences.length === 0)
          ctx.print(`✓ ${p.name}: ${p.compared} fields as the cluster showed them`);
        else {
          ctx.print(`✗ ${p.name}: ${p.differences.length} of ${p.compared} fields differ`);
          printDifferences(p.differences, '    ');
        }
        if (p.earlier.length === 0) continue;
        const same = p.earlier.filter((o) => o.differences.length === 0).length;
        ctx.print(`  earlier observations: ${same}/${p.earlier.length} reproduced`);
        for (const o of p.earlier) {
          if (o.differences.length === 0) continue;
          ctx.print(
            `  ✗ ${o.where} (${new Date(o.at).toISOString()}): ${o.differences.length} of ${o.compared} fields differ`,
          );
          printDifferences(o.differences, '      ');
        }
      }
      const ok = pods.filter((p) => !p.refused);
      const compared = ok.reduce((n, p) => n + p.compared, 0);
      const differing = ok.reduce((n, p) => n + p.differences.length, 0);
      if (ok.length > 0)
        ctx.print(
          `${ok.filter((p) => p.differences.length === 0).length}/${ok.length} Pods as observed; ${compared - differing}/${compared} fields agree`,
        );
    }
    if (refused.length > 0) throw new PodstateError('bad_input', refused.join('\n'));
    return pods.some((p) => p.differences.length > 0 || p.earlier.some((o) => o.differences.length > 0))
      ? 1
      : 0;
  },
});
