import { formatPodTable } from '@podstate/projections';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import { podView } from '../../engine/podView.js';
import { logOptions, outputOption } from '../../options.js';
import { formatStructured, isStructuredFormat } from '../../output/formatStructured.js';
import { podsInView } from './podsInView.js';

interface GetOptions {
  log?: string;
  store?: string;
  at?: AtPoint;
  output?: 'wide' | 'json' | 'yaml';
  namespace: string;
}

/** `podstate get pods`: the `kubectl get pods` table (or a v1 List of Pod objects) at the log's end or `--at`. */
export const getCommand = defineCommand<GetOptions>({
  name: 'get',
  summary: 'list Pods as kubectl get pods shows them',
  description:
    'Replay the log and print its Pods as `kubectl get pods` does: NAME READY STATUS RESTARTS AGE ' +
    '(-o wide adds IP NODE NOMINATED NODE READINESS GATES), or a v1 List of Pod objects with -o json|yaml. ' +
    "Ages are measured from the log's latest event time, or from the --at point.",
  arguments: [{ name: '<resource>', description: 'what to list: pods', choices: ['pods', 'pod', 'po'] }],
  options: [
    ...logOptions,
    atOption,
    outputOption(['wide', 'json', 'yaml']),
    { flags: '-n, --namespace <namespace>', description: 'the namespace to list', defaultValue: 'default' },
  ],
  examples: [
    { description: 'the Pods at the end of the log', command: 'podstate get pods --log crashloop.jsonl' },
    {
      description: 'the Pods 5 minutes after the first event, with IP and node',
      command: 'podstate get pods --at 5m -o wide',
    },
  ],
  async run({ options }, ctx) {
    const { log } = await ctx.openLog(options, { write: false });
    try {
      const views = await loadAt(log, options.at, ctx.io.stderr);
      const pods = podsInView(views, options.namespace).map((p) =>
        podView(views.engine, views.status, p, views.now!),
      );
      if (isStructuredFormat(options.output)) {
        const list = {
          apiVersion: 'v1',
          items: pods.map((p) => p.object),
          kind: 'List',
          metadata: { resourceVersion: '' },
        };
        ctx.io.stdout.write(formatStructured(list, options.output));
        return 0;
      }
      if (pods.length === 0) {
        ctx.io.stderr.write(`No resources found in ${options.namespace} namespace.\n`);
        return 0;
      }
      ctx.io.stdout.write(
        formatPodTable(
          pods.map((p) => p.row),
          { wide: options.output === 'wide' },
        ),
      );
      return 0;
    } finally {
      await log.close();
    }
  },
});
