import { existsSync } from 'node:fs';
import { PodstateError } from '@podstate/core';
import { planImport } from '@podstate/import';
import { defineCommand } from '../../command.js';
import { loadEngine } from '../../engine/loadEngine.js';
import { resolveLogTarget } from '../../log/openLogFromOptions.js';
import { logOptions } from '../../options.js';
import { appendImport, refusals } from './appendImport.js';
import { readRecordings } from './readRecordings.js';

interface ImportOptions {
  log?: string;
  store?: string;
}

/** `podstate import`: the facts behind Pods recorded from a real cluster, appended to the log. */
export const importCommand = defineCommand<ImportOptions>({
  name: 'import',
  summary: 'append the facts behind Pods recorded with kubectl get pods -o json|yaml',
  description:
    'Read what kubectl printed for real Pods (get pods -o json|yaml, one Pod or a List; get pods -w -o json, ' +
    'with or without --output-watch-events; get events -o json beside them) and append, per Pod, the facts ' +
    'that lead to its observed status: scheduling, the sandbox with the Pod IP, pulls, every run with its ' +
    'start and exit, probe results that explain readiness, eviction and deletion, so that podstate get pods ' +
    'shows what the cluster showed. A Pod whose status no legal sequence of facts reaches is refused with ' +
    'the field and the rule, and nothing is appended for it (exit 2). Use - to read stdin.',
  arguments: [{ name: '<files...>', description: 'recordings: JSON or YAML as kubectl printed them' }],
  options: [...logOptions],
  examples: [
    {
      description: 'import a Pod captured with kubectl get pod web -o json > web.json',
      command: 'podstate import web.json --log web.jsonl',
    },
    {
      description: 'import a watch stream from stdin',
      command: 'kubectl get pods -w -o json | podstate import -',
    },
  ],
  async run({ args, options }, ctx) {
    const recording = await readRecordings((args.files as string[]) ?? [], ctx.io);
    if (recording.pods.length === 0)
      throw new PodstateError(
        'bad_input',
        'the recording holds Events but no Pod: add kubectl get pods -o json',
      );
    const target = resolveLogTarget(options, ctx.io.env, ctx.io.cwd);
    const fresh = target.kind === 'jsonl' && !existsSync(target.path);
    let plan = planImport(recording);
    if (!fresh || plan.events.length > 0) {
      const { log } = await ctx.openLog(options, { write: true });
      try {
        const loaded = await loadEngine(log);
        plan = planImport(recording, loaded.engine);
        if (plan.events.length > 0) await appendImport(log, plan);
      } finally {
        await log.close();
      }
    }
    const from = {
      all: (n: number) => (n > 1 ? `${n} observations and their Events` : 'its status and its Events'),
      observations: (n: number) => `${n} observations`,
      last: (n: number) => (n > 1 ? `the last of ${n} observations` : 'its status'),
    };
    for (const p of plan.pods) {
      if (p.refused === undefined)
        ctx.print(
          `imported ${p.name}: ${p.facts.filter((f) => f.stream.startsWith('pod/')).length} facts from ${from[p.derivedFrom](p.observations.length)}`,
        );
    }
    const refused = refusals(plan);
    if (refused.length > 0) throw new PodstateError('bad_input', refused.join('\n'));
    return 0;
  },
});
