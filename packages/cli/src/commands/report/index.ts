import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PodstateError } from '@podstate/core';
import { defineCommand } from '../../command.js';
import { resolveAt } from '../../engine/loadAt.js';
import { loadEngine } from '../../engine/loadEngine.js';
import type { AtPoint } from '../../engine/parseAt.js';
import { atOption } from '../../engine/parseAt.js';
import { logOptions } from '../../options.js';

interface ReportOptions {
  log?: string;
  store?: string;
  at?: AtPoint;
  html?: string;
  pod?: string[];
  namespace?: string;
}

/** `podstate report --html <file>`: a self-contained HTML timeline of the log's Pods. */
export const reportCommand = defineCommand<ReportOptions>({
  name: 'report',
  summary:
    'write an HTML timeline of the Pods: lanes per container, phase and conditions, Events, statecharts',
  description:
    'Replay the log (up to --at) and write one self-contained HTML file (no network) showing, per Pod, a lane ' +
    'per container with segments coloured by state and reason, restarts and probe results marked, a band for ' +
    'the phase and one per condition, the Events table and the statechart states passed through. Hovering a ' +
    'segment names the facts behind it; choosing a time shows the Pod object and kubectl get pods row then. ' +
    'Secret and ConfigMap data never appear in it.',
  options: [
    { flags: '--html <file>', description: 'the HTML file to write' },
    ...logOptions,
    atOption,
    {
      flags: '--pod <name>',
      description: 'only this Pod (name or namespace/name); repeat for more',
      parse: (value: string, previous: unknown) => [...((previous as string[] | undefined) ?? []), value],
    },
    {
      flags: '-n, --namespace <namespace>',
      description: 'only Pods of this namespace (default: every namespace)',
    },
  ],
  examples: [
    {
      description: 'the timeline of a log (e.g. of podstate run examples/crashloop.yaml --log c.jsonl)',
      command: 'podstate report --html c.html --log c.jsonl',
    },
    {
      description: 'one Pod, as it was 5 minutes in',
      command: 'podstate report --html web.html --pod web --at 5m',
    },
  ],
  async run({ options }, ctx) {
    if (options.html === undefined)
      throw new PodstateError(
        'bad_input',
        'report needs --html <file>: the HTML file to write (e.g. --html report.html)',
      );
    // The report's template is loaded only by this command.
    const { ReportBuilder, renderHtml } = await import('@podstate/report');
    const { log } = await ctx.openLog(options, { write: false });
    let html: string;
    let pods: number;
    try {
      const until = options.at === undefined ? undefined : await resolveAt(log, options.at);
      const builder = new ReportBuilder({ namespace: options.namespace, pods: options.pod });
      const loaded = await loadEngine(log, until, (engine, t) => builder.observe(engine, t));
      const end = until?.time ?? loaded.lastTime ?? 0;
      const data = builder.finish(end);
      if (options.pod !== undefined) {
        const found = new Set(data.pods.flatMap((p) => [p.name, `${p.namespace}/${p.name}`]));
        const missing = options.pod.filter((p) => !found.has(p));
        if (missing.length > 0)
          throw new PodstateError(
            'bad_input',
            `no Pod named ${missing.map((m) => `"${m}"`).join(', ')} in the log`,
          );
      }
      pods = data.pods.length;
      html = renderHtml(
        data,
        `podstate report: ${options.store !== undefined ? 'PostgreSQL store' : (options.log ?? 'events.jsonl')}`,
      );
    } finally {
      await log.close();
    }
    const path = resolve(ctx.io.cwd, options.html);
    try {
      writeFileSync(path, html);
    } catch (e) {
      throw new PodstateError(
        'bad_input',
        `cannot write ${options.html}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    ctx.print(`wrote ${options.html}: ${pods} Pod${pods === 1 ? '' : 's'}, ${html.length} bytes`);
    return 0;
  },
});
